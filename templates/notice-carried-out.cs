<?cs set:Page.Title = L.DeskNotice.CarriedOut.Title ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.CarriedOut.Text ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.DecidedOn ?></th><td><?cs alt:Case.DecidedOn.Wareki ?><?cs var:Case.DecidedOn ?><?cs /alt ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.CarriedOut.On ?></th><td><?cs alt:Notice.Event.on.Wareki ?><?cs var:Notice.Event.on ?><?cs /alt ?></td></tr>
<?cs if:Case.Data.correction.should_be ?><tr><th scope="row"><?cs var:L.Desk.Case.ShouldBe ?></th><td><?cs var:Case.Data.correction.should_be ?></td></tr><?cs /if ?>
</table>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
