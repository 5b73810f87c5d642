<?cs include:"notice-cite.cs" ?><?cs set:Page.Title = L.DeskNotice.Consult.Title ?>
<?cs set:Notice.To = Notice.ThirdParty.Name ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.Consult.TextA ?><?cs call:cite("consult") ?><?cs var:L.DeskNotice.Consult.TextB ?></p>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Consult.RequestOn ?></th><td><?cs if:Case.ReceivedOn.Wareki ?><?cs var:Case.ReceivedOn.Wareki ?><?cs else ?><?cs var:Case.ReceivedOn ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Agency ?></th><td><?cs var:Case.AgencyName ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Consult.About ?></th><td><?cs var:L.DeskNotice.Consult.AboutBlank ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Consult.AnswerDue ?></th><td><?cs if:Notice.ThirdParty.AnswerDueOn.Wareki ?><?cs var:Notice.ThirdParty.AnswerDueOn.Wareki ?><?cs else ?><?cs var:Notice.ThirdParty.AnswerDueOn ?><?cs /if ?></td></tr>
</table>
<p><?cs var:L.DeskNotice.Consult.Note ?><?cs call:cite("consult_wait") ?><?cs var:L.DeskNotice.Consult.NoteB ?></p>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
