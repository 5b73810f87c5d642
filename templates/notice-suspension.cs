<?cs if:Case.Decision == "stop" || Case.Decision == "partly_stop" ?><?cs set:Page.Title = L.DeskNotice.Suspension.TitleYes ?><?cs else ?><?cs set:Page.Title = L.DeskNotice.Suspension.TitleNo ?><?cs /if ?>
<?cs def:notice_body() ?>
<p><?cs if:Case.Decision == "stop" ?><?cs var:L.DeskNotice.Suspension.TextYes ?><?cs elif:Case.Decision == "partly_stop" ?><?cs var:L.DeskNotice.Suspension.TextPartly ?><?cs else ?><?cs var:L.DeskNotice.Suspension.TextNo ?><?cs /if ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.Decision ?></th><td><?cs var:L.Desk.Decision[Case.Decision] ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.DecidedOn ?></th><td><?cs if:Case.DecidedOn.Wareki ?><?cs var:Case.DecidedOn.Wareki ?><?cs else ?><?cs var:Case.DecidedOn ?><?cs /if ?></td></tr>
</table>
<?cs if:Reasons.Count > 0 ?><h2><?cs var:L.DeskNotice.Suspension.Reasons ?></h2><?cs include:"notice-reasons.cs" ?><?cs /if ?>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
