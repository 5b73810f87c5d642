<?cs include:"request-macros.cs" ?>
<?cs set:Page.Title = L.Request.Title ?>
<?cs def:content() ?>
<h1><?cs var:L.Request.Title ?></h1>
<?cs call:steps(1) ?>
<p><?cs var:L.Request.Intro ?></p>
<?cs if:Form.Online != "1" ?><p class="notice"><?cs var:L.Request.CounterOnly ?></p><?cs /if ?>
<?cs if:Form.File ?><p class="notice"><?cs var:L.Request.FromRegister ?></p><?cs /if ?>
<ul class="actions">
<?cs each:k = City.Kind ?><?cs if:k.Enabled == "1" ?>
<li><a class="action" href="<?cs var:Site.BasePath ?>/request/form?kind=<?cs var:name(k) ?><?cs if:Form.File ?>&amp;file=<?cs var:Form.File ?><?cs /if ?>"><span class="action-title"><?cs if:Site.Lang == "en" ?><?cs var:k.NameEn ?><?cs else ?><?cs var:k.Name ?><?cs /if ?></span>
<span class="action-text"><?cs if:Site.Lang == "en" ?><?cs var:k.SummaryEn ?><?cs else ?><?cs var:k.Summary ?><?cs /if ?></span></a></li>
<?cs /if ?><?cs /each ?>
</ul>
<p class="note"><?cs var:L.Request.StartNote ?></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
