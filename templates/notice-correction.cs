<?cs include:"notice-cite.cs" ?><?cs if:Case.Decision == "correct" || Case.Decision == "partly_correct" ?><?cs set:Page.Title = L.DeskNotice.Correction.TitleYes ?><?cs else ?><?cs set:Page.Title = L.DeskNotice.Correction.TitleNo ?><?cs /if ?>
<?cs def:notice_body() ?>
<p><?cs if:Case.Decision == "correct" ?><?cs var:L.DeskNotice.Correction.TextYes ?><?cs call:cite("correction_yes") ?><?cs var:L.DeskNotice.Correction.TextB ?><?cs elif:Case.Decision == "partly_correct" ?><?cs var:L.DeskNotice.Correction.TextPartly ?><?cs else ?><?cs var:L.DeskNotice.Correction.TextNo ?><?cs call:cite("correction_no") ?><?cs var:L.DeskNotice.Correction.TextB ?><?cs /if ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.Decision ?></th><td><?cs var:L.Desk.Decision[Case.Decision] ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.DecidedOn ?></th><td><?cs if:Case.DecidedOn.Wareki ?><?cs var:Case.DecidedOn.Wareki ?><?cs else ?><?cs var:Case.DecidedOn ?><?cs /if ?></td></tr>
<?cs if:Case.Data.correction.should_be ?><tr><th scope="row"><?cs var:L.Desk.Case.ShouldBe ?></th><td><?cs var:Case.Data.correction.should_be ?></td></tr><?cs /if ?>
</table>
<?cs if:Reasons.Count > 0 ?><h2><?cs var:L.DeskNotice.Correction.Reasons ?></h2><?cs include:"notice-reasons.cs" ?><?cs /if ?>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
