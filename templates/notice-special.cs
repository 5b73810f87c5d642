<?cs # Special time limit: APPI Art. 84 for disclosure (a part, then the
   rest), Art. 95 for correction and Art. 103 for suspension (one date);
   the kind picks the wording. ?>
<?cs include:"notice-cite.cs" ?><?cs set:Page.Title = L.DeskNotice.Special.Title[Case.Kind] ?>
<?cs def:notice_body() ?>
<p><?cs var:L.DeskNotice.Special.Text[Case.Kind] ?><?cs call:cite("special_" + Case.Kind) ?><?cs var:L.DeskNotice.Special.TextB[Case.Kind] ?></p>
<?cs include:"notice-request.cs" ?>
<table>
<?cs if:Case.Kind == "disclosure" ?>
<tr><th scope="row"><?cs var:L.DeskNotice.Special.PartBy ?></th><td><?cs if:Notice.Event.part_by.Wareki ?><?cs var:Notice.Event.part_by.Wareki ?><?cs else ?><?cs var:Notice.Event.part_by ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.Special.RestBy ?></th><td><?cs if:Notice.Event.rest_by.Wareki ?><?cs var:Notice.Event.rest_by.Wareki ?><?cs else ?><?cs var:Notice.Event.rest_by ?><?cs /if ?></td></tr>
<?cs else ?>
<tr><th scope="row"><?cs var:L.DeskNotice.Special.By[Case.Kind] ?></th><td><?cs if:Notice.Event.by.Wareki ?><?cs var:Notice.Event.by.Wareki ?><?cs else ?><?cs var:Notice.Event.by ?><?cs /if ?></td></tr>
<?cs /if ?>
<tr><th scope="row"><?cs var:L.DeskNotice.Special.Reason ?></th><td><?cs var:Notice.Event.reason ?></td></tr>
</table>
<?cs /def ?>
<?cs include:"notice-layout.cs" ?>
