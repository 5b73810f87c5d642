<?cs set:Page.Title = L.DeskNotice.Receipt.Title ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.Receipt.Text ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Agency ?></th><td><?cs var:Case.AgencyName ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Due ?></th><td><?cs if:Case.DueOn.Wareki ?><?cs var:Case.DueOn.Wareki ?><?cs else ?><?cs var:Case.DueOn ?><?cs /if ?></td></tr>
</table>
<p><?cs var:L.DeskNotice.Receipt.Note ?></p>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
