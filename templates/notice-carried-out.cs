<?cs set:Page.Title = L.DeskNotice.CarriedOut.Title ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.CarriedOut.Text ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.DecidedOn ?></th><td><?cs if:Case.DecidedOn.Wareki ?><?cs var:Case.DecidedOn.Wareki ?><?cs else ?><?cs var:Case.DecidedOn ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.CarriedOut.On ?></th><td><?cs if:Notice.Event.on.Wareki ?><?cs var:Notice.Event.on.Wareki ?><?cs else ?><?cs var:Notice.Event.on ?><?cs /if ?></td></tr>
<?cs if:Case.Data.correction.should_be ?><tr><th scope="row"><?cs var:L.Desk.Case.ShouldBe ?></th><td><?cs var:Case.Data.correction.should_be ?></td></tr><?cs /if ?>
</table>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
