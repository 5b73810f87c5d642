<?cs # One entry of the register: the fields the city's register shows, the
   link to ask for one's own information in the file, the history. ?>
<?cs set:Page.Title = Entry.Name ?>
<?cs set:Page.Parent = Register.Name ?>
<?cs set:Page.ParentPath = "/register" ?>
<?cs def:content() ?>
<h1><?cs var:Entry.Name ?></h1>
<?cs if:Entry.Abolished ?><p class="warning"><?cs var:L.Register.AbolishedOn ?><?cs var:Entry.Abolished ?></p><?cs /if ?>
<dl class="register-entry">
<?cs # each field's value is its node's own (cgi-bin/register-detail.c) ?><?cs each:f = Fields ?><dt><?cs var:f.Label ?></dt>
<dd class="register-value"><?cs if:f ?><?cs var:f ?><?cs else ?><span class="note"><?cs var:L.Register.NotStated ?></span><?cs /if ?></dd>
<?cs /each ?></dl>
<?cs if:!Entry.Abolished ?>
<h2><?cs var:L.Register.RequestTitle ?></h2>
<p><?cs var:L.Register.RequestIntro ?></p>
<p><a class="button" href="<?cs var:Site.BasePath ?><?cs if:Entry.Direct ?>/request/form?kind=disclosure&amp;file=<?cs else ?>/request?file=<?cs /if ?><?cs var:Entry.Id ?>"><?cs var:L.Register.RequestButton ?></a></p>
<?cs /if ?>
<h2><?cs var:L.Register.History ?></h2>
<?cs if:subcount(History) > 0 ?>
<div class="table-wrap"><table>
<thead><tr><th scope="col"><?cs var:L.Register.HistoryDate ?></th><th scope="col"><?cs var:L.Register.HistoryChange ?></th><th scope="col"><?cs var:L.Register.HistoryNote ?></th></tr></thead>
<tbody>
<?cs each:h = History ?><tr><td><time datetime="<?cs var:h.DateIso ?>"><?cs var:h.Date ?></time></td><td><?cs var:h.ChangeText ?></td><td><?cs var:h.Note ?></td></tr>
<?cs /each ?></tbody></table></div>
<?cs else ?><p><?cs var:L.Register.NoHistory ?></p><?cs /if ?>
<p><a href="<?cs var:Site.BasePath ?>/register<?cs var:Back.Query ?><?cs if:Back.Query ?>#results<?cs /if ?>"><?cs var:L.Register.Back ?></a></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
