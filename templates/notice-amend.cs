<?cs set:Page.Title = L.DeskNotice.Amend.Title ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.Amend.Text ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Amend.FromOn ?></th><td><?cs if:Notice.Event.from_on.Wareki ?><?cs var:Notice.Event.from_on.Wareki ?><?cs else ?><?cs var:Notice.Event.from_on ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Amend.What ?></th><td><?cs var:Notice.Event.what ?></td></tr>
</table>
<p><?cs var:L.DeskNotice.Amend.Note ?></p>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
