<?cs set:Page.Title = L.DeskNotice.Special.Title ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.Special.Text ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Special.PartBy ?></th><td><?cs if:Notice.Event.part_by.Wareki ?><?cs var:Notice.Event.part_by.Wareki ?><?cs else ?><?cs var:Notice.Event.part_by ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Special.RestBy ?></th><td><?cs if:Notice.Event.rest_by.Wareki ?><?cs var:Notice.Event.rest_by.Wareki ?><?cs else ?><?cs var:Notice.Event.rest_by ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Special.Reason ?></th><td><?cs var:Notice.Event.reason ?></td></tr>
</table>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
