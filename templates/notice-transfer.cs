<?cs # The transfer notice (APPI Art. 85(1)): the request has gone to
   another agency, which decides it; the day of receipt and the period
   stay as they were (Art. 85(2)). ?>
<?cs include:"notice-cite.cs" ?>
<?cs set:Page.Title = L.DeskNotice.Transfer.Title ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.Transfer.TextA ?><?cs call:cite("transfer") ?><?cs var:L.DeskNotice.Transfer.TextB ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Transfer.From ?></th><td><?cs var:City.Agency[Notice.Event.from].Head ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Transfer.To ?></th><td id="transfer-to"><?cs var:City.Agency[Notice.Event.to].Head ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Transfer.Reason ?></th><td><?cs var:Notice.Event.reason ?></td></tr>
</table>
<p><?cs var:L.DeskNotice.Transfer.Note ?></p>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
