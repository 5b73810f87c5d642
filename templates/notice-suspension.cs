<?cs # Suspension of use (APPI Art. 101(1)(2)), and the old ordinances'
   deletion and cessation: each worded as what it is, cited through
   notice-cite.cs. ?>
<?cs include:"notice-cite.cs" ?>
<?cs if:Case.Decision == "stop" || Case.Decision == "partly_stop" ?><?cs set:Page.Title = L.DeskNotice.Suspension.TitleYes[Case.Kind] ?><?cs else ?><?cs set:Page.Title = L.DeskNotice.Suspension.TitleNo[Case.Kind] ?><?cs /if ?>
<?cs def:notice_body() ?>
<p><?cs if:Case.Decision == "stop" ?><?cs var:L.DeskNotice.Suspension.TextYes[Case.Kind] ?><?cs call:cite(Case.Kind + "_yes") ?><?cs var:L.DeskNotice.Suspension.TextB ?><?cs elif:Case.Decision == "partly_stop" ?><?cs var:L.DeskNotice.Suspension.TextPartly ?><?cs else ?><?cs var:L.DeskNotice.Suspension.TextNo[Case.Kind] ?><?cs call:cite(Case.Kind + "_no") ?><?cs var:L.DeskNotice.Suspension.TextB ?><?cs /if ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.Decision ?></th><td><?cs if:L.Desk.DecisionOf[Case.Kind][Case.Decision] ?><?cs var:L.Desk.DecisionOf[Case.Kind][Case.Decision] ?><?cs else ?><?cs var:L.Desk.Decision[Case.Decision] ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.DecidedOn ?></th><td><?cs if:Case.DecidedOn.Wareki ?><?cs var:Case.DecidedOn.Wareki ?><?cs else ?><?cs var:Case.DecidedOn ?><?cs /if ?></td></tr>
</table>
<?cs if:Reasons.Count > 0 ?><h2><?cs var:L.DeskNotice.Suspension.Reasons[Case.Kind] ?></h2><?cs include:"notice-reasons.cs" ?><?cs /if ?>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
