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
<dt><?cs var:L.Desk.Stats.Rate ?></dt><dd><?cs if:Stats.Rate ?><?cs var:Stats.Rate ?><?cs else ?>-<?cs /if ?></dd>
</dl>
<?cs # profiles (issue 15): the tables cities publish (docs/data.md) ?>
<h2 id="stats-table-title"><?cs var:L.Desk.Stats.SummaryTable ?></h2>
<p class="note"><?cs var:L.Desk.Stats.SummaryHint ?></p>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="stats-table-title"><table id="stats-table" aria-labelledby="stats-table-title">
<thead><tr><th scope="col"><?cs var:L.Desk.Stats.Measure ?></th><?cs each:k = Stats.Kinds ?><th scope="col"><?cs call:kind(k) ?></th><?cs /each ?></tr></thead>
<tbody><?cs each:r = Stats.Table ?><?cs if:r.Any == "1" || r.Measure == "received" || r.Measure == "carried_in" || r.Measure == "carried_out" ?><tr data-measure="<?cs var:r.Measure ?>"><th scope="row"><?cs var:L.Desk.Stats.M[r.Measure] ?></th><?cs each:n = r.N ?><td><?cs var:n ?></td><?cs /each ?></tr>
<?cs /if ?><?cs /each ?></tbody></table></div>
<p><a href="<?cs var:Site.BasePath ?>/desk/stats.csv?fy=<?cs var:Stats.Year ?>&amp;table=summary"><?cs var:L.Desk.Stats.SummaryCsv ?></a></p>
<?cs def:measures(group, id, title) ?><h2 id="<?cs var:id ?>-title"><?cs var:title ?></h2>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="<?cs var:id ?>-title"><table id="<?cs var:id ?>" aria-labelledby="<?cs var:id ?>-title">
<thead><tr><th scope="col"><?cs var:L.Desk.Stats.Agency ?></th><th scope="col"><?cs var:L.Desk.Stats.Kind ?></th><th scope="col"><?cs var:L.Desk.Stats.Measure ?></th><th scope="col"><?cs var:L.Desk.Stats.Value ?></th></tr></thead>
<tbody><?cs each:m = Stats.Measures ?><?cs if:m.Group == group ?><tr data-measure="<?cs var:m.Measure ?>"><td><?cs call:agency(m.Agency) ?></td><td><?cs call:kind(m.Kind) ?></td><td><?cs if:L.Desk.Stats.M[m.Measure] ?><?cs var:L.Desk.Stats.M[m.Measure] ?><?cs else ?><?cs var:m.Measure ?><?cs /if ?></td><td><?cs var:m.Count ?></td></tr>
<?cs /if ?><?cs /each ?></tbody></table></div><?cs /def ?>
<?cs call:measures("requests", "stats-requests", L.Desk.Stats.ByAgency) ?>
<?cs call:measures("grounds", "stats-grounds", L.Desk.Stats.Grounds) ?>
<?cs call:measures("appeals", "stats-appeals", L.Desk.Stats.AppealsBy) ?>
<?cs /if ?>
<?cs /def ?>
<?cs include:"layout.cs" ?>
