<?cs include:"notice-cite.cs" ?><?cs set:Page.Title = L.DeskNotice.Amend.Title ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.Amend.TextA ?><?cs call:cite("amend") ?><?cs var:L.DeskNotice.Amend.TextB ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Amend.FromOn ?></th><td><?cs if:Notice.Event.from_on.Wareki ?><?cs var:Notice.Event.from_on.Wareki ?><?cs else ?><?cs var:Notice.Event.from_on ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Amend.What ?></th><td><?cs var:Notice.Event.what ?></td></tr>
<?cs if:Notice.Event.answer_by ?><tr><th scope="row"><?cs var:L.DeskNotice.Amend.AnswerBy ?></th><td><?cs if:Notice.Event.answer_by.Wareki ?><?cs var:Notice.Event.answer_by.Wareki ?><?cs else ?><?cs var:Notice.Event.answer_by ?><?cs /if ?></td></tr><?cs /if ?>
</table>
<?cs if:Notice.Event.answer_by ?><p><?cs var:L.DeskNotice.Amend.AnswerByText ?></p><?cs /if ?>
<p><?cs var:L.DeskNotice.Amend.Note ?></p>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
