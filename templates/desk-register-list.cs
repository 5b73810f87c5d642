<?cs # Desk: the register's entries (abolished too), newest change first. ?>
<?cs set:Page.Title = L.DeskRegister.Title ?>
<?cs set:Page.NoFeedback = 1 ?>
<?cs def:content() ?>
<h1><?cs var:L.DeskRegister.Title ?></h1>
<p><a class="button" href="<?cs var:Site.BasePath ?>/desk/register/new"><?cs var:L.DeskRegister.New ?></a></p>
<form method="get" action="<?cs var:Site.BasePath ?>/desk/register" role="search">
<p><label for="desk-register-q"><?cs var:L.Register.Search ?></label>
<input type="search" id="desk-register-q" name="q" value="<?cs var:Form.Q ?>" maxlength="100" class="medium"></p>
<p><button type="submit" class="button-secondary"><?cs var:L.Register.Submit ?></button></p>
</form>
<p role="status"><?cs var:Result.Total ?><?cs var:L.DeskRegister.Count ?></p>
<?cs if:subcount(Entries) > 0 ?>
<div class="table-wrap"><table>
<thead><tr><th scope="col"><?cs var:L.Register.Name ?></th><th scope="col"><?cs var:L.Register.Agency ?></th><th scope="col"><?cs var:L.Register.Department ?></th><th scope="col"><?cs var:L.Register.Updated ?></th></tr></thead>
<tbody>
<?cs each:e = Entries ?><tr><td><a href="<?cs var:Site.BasePath ?>/desk/register/<?cs var:e.Id ?>"><?cs var:e.Name ?></a><?cs if:e.Abolished ?> <span class="tag"><?cs var:L.Register.Abolished ?></span><?cs /if ?></td><td><?cs var:e.Agency ?></td><td><?cs var:e.Department ?></td><td><?cs var:e.Updated ?></td></tr>
<?cs /each ?></tbody></table></div>
<?cs /if ?>
<?cs if:Result.Prev || Result.Next ?><nav class="pager" aria-label="<?cs var:L.Register.Pages ?>"><ul>
<?cs if:Result.Prev ?><li><a href="<?cs var:Site.BasePath ?>/desk/register<?cs var:Result.Prev ?>" rel="prev"><?cs var:L.Register.Prev ?></a></li><?cs /if ?>
<?cs if:Result.Next ?><li><a href="<?cs var:Site.BasePath ?>/desk/register<?cs var:Result.Next ?>" rel="next"><?cs var:L.Register.Next ?></a></li><?cs /if ?>
</ul></nav><?cs /if ?>
<?cs /def ?>
<?cs include:"layout.cs" ?>
