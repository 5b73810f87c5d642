<?cs # The request a notice is about: a table every notice starts with. ?>
<table>
<tr><th scope="row"><?cs var:L.DeskNotice.Ref ?></th><td><?cs var:Case.Ref ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.ReceivedOn ?></th><td><?cs if:Case.ReceivedOn.Wareki ?><?cs var:Case.ReceivedOn.Wareki ?><?cs else ?><?cs var:Case.ReceivedOn ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.DeskNotice.RequestKind ?></th><td><?cs var:Case.KindName ?></td></tr>
<?cs if:Case.Data.sought ?><tr><th scope="row"><?cs var:L.DeskNotice.Sought ?></th><td><?cs var:Case.Data.sought ?></td></tr><?cs /if ?>
</table>
