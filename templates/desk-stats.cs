<?cs set:Page.Title = L.Desk.Stats.Title ?>
<?cs def:kind(k) ?><?cs if:Site.Lang == "en" ?><?cs var:City.Kind[k].NameEn ?><?cs else ?><?cs var:City.Kind[k].Name ?><?cs /if ?><?cs /def ?>
<?cs def:agency(a) ?><?cs if:Site.Lang == "en" ?><?cs var:City.Agency[a].NameEn ?><?cs else ?><?cs var:City.Agency[a].Name ?><?cs /if ?><?cs /def ?>
<?cs def:content() ?>
<?cs include:"desk-nav.cs" ?>
<h1><?cs var:L.Desk.Stats.Title ?> <span class="subtitle"><?cs var:L.Desk.Stats.FyLabel ?> <?cs var:Stats.Year ?></span></h1>
<form method="get" action="<?cs var:Site.BasePath ?>/desk/stats">
<p><label for="fy"><?cs var:L.Desk.Stats.Year ?><span class="hint"><?cs var:L.Desk.Stats.YearHint ?></span></label>
<input type="number" class="short" id="fy" name="fy" min="2000" max="2100" value="<?cs var:Stats.Year ?>"></p>
<p><button type="submit" class="button"><?cs var:L.Desk.Stats.Show ?></button></p>
</form>
<p><a href="<?cs var:Site.BasePath ?>/desk/stats.csv?fy=<?cs var:Stats.Year ?>"><?cs var:L.Desk.Stats.Csv ?></a></p>
<?cs if:Stats.Requests == 0 ?><p><?cs var:L.Desk.Stats.None ?></p><?cs else ?>
<h2><?cs var:L.Desk.Stats.Summary ?></h2>
<dl id="stats-summary">
<dt><?cs var:L.Desk.Stats.Total ?></dt><dd><?cs var:Stats.Requests ?></dd>
<dt><?cs var:L.Desk.Stats.Extensions ?></dt><dd><?cs var:Stats.Extensions ?></dd>
<dt><?cs var:L.Desk.Stats.DaysAvg ?></dt><dd><?cs var:Stats.DaysAvg ?></dd>
<dt><?cs var:L.Desk.Stats.DaysMax ?></dt><dd><?cs var:Stats.DaysMax ?></dd>
<dt><?cs var:L.Desk.Stats.Rate ?></dt><dd><?cs alt:Stats.Rate ?>-<?cs /alt ?></dd>
</dl>
<h2 id="h-stats-requests"><?cs var:L.Desk.Stats.Requests ?></h2>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-stats-requests"><table id="stats-requests">
<thead><tr><th scope="col"><?cs var:L.Desk.Stats.Kind ?></th><th scope="col"><?cs var:L.Desk.Stats.Agency ?></th><th scope="col"><?cs var:L.Desk.Stats.Channel ?></th><th scope="col"><?cs var:L.Desk.Stats.Outcome ?></th><th scope="col"><?cs var:L.Desk.Stats.Value ?></th></tr></thead>
<tbody><?cs each:r = Stats.Rows ?><tr><td><?cs call:kind(r.Kind) ?></td><td><?cs call:agency(r.Agency) ?></td><td><?cs var:L.Desk.Channel[r.Channel] ?></td><td><?cs var:L.Desk.Decision[r.Outcome] ?></td><td><?cs var:r.Count ?></td></tr>
<?cs /each ?></tbody></table></div>
<?cs if:subcount(Stats.Appeals) > 0 ?><h2 id="h-stats-appeals"><?cs var:L.Desk.Stats.Appeals ?></h2>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-stats-appeals"><table>
<thead><tr><th scope="col"><?cs var:L.Desk.Stats.Outcome ?></th><th scope="col"><?cs var:L.Desk.Stats.Value ?></th></tr></thead>
<tbody><?cs each:r = Stats.Appeals ?><tr><td><?cs var:L.Desk.Outcome[r.Outcome] ?></td><td><?cs var:r.Count ?></td></tr>
<?cs /each ?></tbody></table></div><?cs /if ?>
<?cs /if ?>
<?cs /def ?>
<?cs include:"layout.cs" ?>
