<?cs set:Page.Title = L.Request.Title ?>
<?cs def:content() ?>
<h1><?cs var:L.Request.Title ?></h1>
<p><?cs var:L.Request.Intro ?></p>
<?cs if:City.Channel.Online != "1" ?><p class="notice"><?cs var:L.Request.CounterOnly ?></p><?cs /if ?>
<ul class="kinds">
<?cs each:k = City.Kind ?><?cs if:k.Enabled == "1" ?>
<li><h2><?cs if:Site.Lang == "en" ?><?cs var:k.NameEn ?><?cs else ?><?cs var:k.Name ?><?cs /if ?></h2>
<p><?cs if:Site.Lang == "en" ?><?cs var:k.SummaryEn ?><?cs else ?><?cs var:k.Summary ?><?cs /if ?></p>
<p><a class="button" href="<?cs var:Site.BasePath ?>/request?kind=<?cs var:name(k) ?>"><?cs var:L.Request.Start ?></a></p></li>
<?cs /if ?><?cs /each ?>
</ul>
<?cs /def ?>
<?cs include:"layout.cs" ?>
