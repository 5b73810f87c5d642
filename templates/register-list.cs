<?cs set:Page.Title = L.Register.Title ?>
<?cs def:content() ?>
<h1><?cs var:L.Register.Title ?></h1>
<p><?cs var:L.Register.Intro ?></p>
<?cs if:subcount(Entries) == 0 ?><p><?cs var:L.Register.Empty ?></p><?cs else ?>
<div class="table-wrap"><table>
<thead><tr><th scope="col"><?cs var:L.Register.Name ?></th><th scope="col"><?cs var:L.Register.Agency ?></th><th scope="col"><?cs var:L.Register.Department ?></th></tr></thead>
<tbody>
<?cs each:e = Entries ?><tr><td><a href="<?cs var:Site.BasePath ?>/register/<?cs var:e.Id ?>"><?cs var:e.Name ?></a></td><td><?cs var:e.Agency ?></td><td><?cs var:e.Department ?></td></tr>
<?cs /each ?></tbody></table></div>
<?cs /if ?>
<?cs /def ?>
<?cs include:"layout.cs" ?>
