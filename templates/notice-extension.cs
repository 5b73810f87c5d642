<?cs # Extension notice: APPI Art. 83(2) (disclosure), 94(2) (correction),
   102(2) (suspension), worded by the request's kind
   (L.DeskNotice.Extension.*[Case.Kind]). ?>
<?cs include:"notice-cite.cs" ?><?cs set:Page.Title = L.DeskNotice.Extension.Title[Case.Kind] ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.Extension.Text[Case.Kind] ?><?cs call:cite("extension_" + Case.Kind) ?><?cs var:L.DeskNotice.Extension.TextB ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Extension.Before ?></th><td><?cs if:Notice.Event.previous_due_on.Wareki ?><?cs var:Notice.Event.previous_due_on.Wareki ?><?cs else ?><?cs var:Notice.Event.previous_due_on ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Extension.After ?></th><td><?cs if:Notice.Event.due_on.Wareki ?><?cs var:Notice.Event.due_on.Wareki ?><?cs else ?><?cs var:Notice.Event.due_on ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Extension.Reason ?></th><td><?cs var:Notice.Event.reason ?></td></tr>
</table>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
