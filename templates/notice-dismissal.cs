<?cs set:Page.Title = L.DeskNotice.Dismissal.Title ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.Dismissal.Text ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.DecidedOn ?></th><td><?cs if:Case.DecidedOn.Wareki ?><?cs var:Case.DecidedOn.Wareki ?><?cs else ?><?cs var:Case.DecidedOn ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Dismissal.Reason ?></th><td><?cs var:Notice.Event.reason ?></td></tr>
</table>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
