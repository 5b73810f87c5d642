<?cs # To a body the corrected personal information had been provided to
   (APPI Art. 97): after the correction decided was carried out, the body
   is told of it in writing; one letter per recipient recorded
   (the event correction_notified: to, on). ?>
<?cs include:"notice-cite.cs" ?>
<?cs set:Page.Title = L.DeskNotice.Provided.Title ?>
<?cs set:Notice.To = Notice.Event.to ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.Provided.TextA ?><?cs call:cite("provided") ?><?cs var:L.DeskNotice.Provided.TextB ?></p>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Agency ?></th><td><?cs var:Case.AgencyName ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Provided.DecidedOn ?></th><td><?cs if:Case.DecidedOn.Wareki ?><?cs var:Case.DecidedOn.Wareki ?><?cs else ?><?cs var:Case.DecidedOn ?><?cs /if ?></td></tr>
<?cs if:Notice.CarriedOut.on ?><tr><th scope="row"><?cs var:L.DeskNotice.CarriedOut.On ?></th><td id="carried-on"><?cs if:Notice.CarriedOut.on.Wareki ?><?cs var:Notice.CarriedOut.on.Wareki ?><?cs else ?><?cs var:Notice.CarriedOut.on ?><?cs /if ?></td></tr><?cs /if ?>
<tr><th scope="row"><?cs var:L.DeskNotice.Provided.Person ?></th><td><?cs var:Case.RequesterName ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Provided.Content ?></th><td id="provided-content"><?cs var:L.DeskNotice.Provided.Attached ?></td></tr>
</table>
<p><?cs var:L.DeskNotice.Provided.Note ?></p>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
