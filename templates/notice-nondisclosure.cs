<?cs include:"notice-cite.cs" ?><?cs set:Page.Title = L.DeskNotice.Nondisclosure.Title ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.Nondisclosure.TextA ?><?cs call:cite("nondisclosure") ?><?cs var:L.DeskNotice.Nondisclosure.TextB ?></p>
<?cs if:Notice.Rest ?><p id="rest-note"><?cs var:L.DeskNotice.Rest.Note ?></p><?cs /if ?>
<?cs include:"notice-request.cs" ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.Decision ?></th><td><?cs var:L.Desk.Decision[Case.Decision] ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Disclosure.DecidedOn ?></th><td><?cs if:Case.DecidedOn.Wareki ?><?cs var:Case.DecidedOn.Wareki ?><?cs else ?><?cs var:Case.DecidedOn ?><?cs /if ?></td></tr>
</table>
<h2><?cs var:L.DeskNotice.Nondisclosure.Reasons ?></h2>
<?cs if:Case.Decision == "refuse_existence" ?><p><?cs var:L.DeskNotice.Nondisclosure.Existence ?><?cs call:cite("existence") ?><?cs var:L.DeskNotice.Nondisclosure.ExistenceB ?></p><?cs /if ?>
<?cs if:Case.Decision == "not_exist" ?><p><?cs var:L.DeskNotice.Nondisclosure.NotExist ?></p><?cs /if ?>
<?cs include:"notice-reasons.cs" ?>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
