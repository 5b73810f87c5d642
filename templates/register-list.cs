<?cs # The register: search form, filters, the list or the search results
   (words found wrapped in mark), pages, open-data links. ?>
<?cs set:Page.Title = Register.Name ?>
<?cs # A text's segments, each its node's value: an odd number is a hit
   (cgi-bin/register-list.c segments_set). ?>
<?cs def:segments(list) ?><?cs each:s = list ?><?cs if:name(s) % #2 ?><mark><?cs var:s ?></mark><?cs else ?><?cs var:s ?><?cs /if ?><?cs /each ?><?cs /def ?>
<?cs def:content() ?>
<h1><?cs var:Register.Name ?></h1>
<p><?cs var:L.Register.Intro ?></p>
<?cs if:Register.Place ?><p class="note"><?cs var:L.Register.Place ?><?cs var:Register.Place ?></p><?cs /if ?>
<?cs # profiles (issue 15): the profile's threshold and the city's own
   register besides the file book ?>
<?cs if:City.Register.MinPersons ?><p class="note" id="register-threshold"><?cs var:L.Register.Threshold ?> <?cs var:City.Register.MinPersons ?><?cs var:L.Register.ThresholdUnit ?></p><?cs /if ?>
<?cs if:City.Register.LocalName ?><p class="note" id="register-local"><?cs var:L.Register.Local ?> <?cs if:Site.Lang == "en" && City.Register.LocalNameEn ?><?cs var:City.Register.LocalNameEn ?><?cs else ?><?cs var:City.Register.LocalName ?><?cs /if ?><?cs if:City.Register.LocalPlace ?> (<?cs if:Site.Lang == "en" && City.Register.LocalPlaceEn ?><?cs var:City.Register.LocalPlaceEn ?><?cs else ?><?cs var:City.Register.LocalPlace ?><?cs /if ?>)<?cs /if ?></p><?cs /if ?>
<?cs # #results: after the search button a phone shows the results, not
   the form again (issue 23 item 21); no script needed. ?>
<form method="get" action="<?cs var:Site.BasePath ?>/register#results" role="search" class="register-search">
<p><label for="register-q"><?cs var:L.Register.Search ?></label>
<span class="hint" id="register-q-hint"><?cs var:L.Register.SearchHint ?></span>
<?cs if:Form.QError ?><span class="field-error" id="register-q-error"><?cs var:Form.QErrorText ?></span><?cs /if ?>
<input type="search" id="register-q" name="q" value="<?cs var:Form.Q ?>" maxlength="100" class="medium" aria-describedby="register-q-hint<?cs if:Form.QError ?> register-q-error<?cs /if ?>"<?cs if:Form.QError ?> aria-invalid="true"<?cs /if ?>></p>
<?cs # Filters.*: kept per language until the register changes, the
   request's own Filters.Departments when filtered by agency
   (cgi-bin/register-list.c) ?><div class="register-filters">
<p><label for="register-agency"><?cs var:L.Register.Agency ?></label>
<select id="register-agency" name="agency"><option value=""><?cs var:L.Register.AllAgencies ?></option>
<?cs # as the departments below ?><?cs if:Form.Agency ?><?cs each:a = Filters.Agencies ?><option value="<?cs var:a.Id ?>"<?cs if:a.Id == Form.Agency ?> selected<?cs /if ?>><?cs var:a.Name ?></option>
<?cs /each ?><?cs else ?><?cs each:a = Filters.Agencies ?><option value="<?cs var:a.Id ?>"><?cs var:a.Name ?></option>
<?cs /each ?><?cs /if ?></select></p>
<p><label for="register-department"><?cs var:L.Register.Department ?></label>
<select id="register-department" name="department"><option value=""><?cs var:L.Register.AllDepartments ?></option>
<?cs # the comparison only when a department is chosen: a lookup less
   for each of the (tens of) departments otherwise ?><?cs if:Form.Department ?><?cs each:d = Filters.Departments ?><option<?cs if:d == Form.Department ?> selected<?cs /if ?>><?cs var:d ?></option>
<?cs /each ?><?cs else ?><?cs each:d = Filters.Departments ?><option><?cs var:d ?></option>
<?cs /each ?><?cs /if ?></select></p>
<p><label for="register-sort"><?cs var:L.Register.Sort ?></label>
<select id="register-sort" name="sort"><option value="name"<?cs if:Form.Sort == "name" ?> selected<?cs /if ?>><?cs var:L.Register.SortName ?></option>
<option value="updated"<?cs if:Form.Sort == "updated" ?> selected<?cs /if ?>><?cs var:L.Register.SortUpdated ?></option></select></p>
</div>
<p><label class="option"><input type="checkbox" name="abolished" value="1"<?cs if:Form.Abolished ?> checked<?cs /if ?>> <?cs var:L.Register.IncludeAbolished ?></label></p>
<p><button type="submit" class="button"><?cs var:L.Register.Submit ?></button></p>
</form>
<h2 id="results"><?cs if:Result.Search ?><?cs var:L.Register.Results ?><?cs else ?><?cs var:L.Register.List ?><?cs /if ?></h2>
<p role="status"><?cs var:Result.Summary ?></p>
<?cs if:Result.TooCommon ?><p class="notice"><?cs var:L.Register.TooCommon ?></p><?cs /if ?>
<?cs if:subcount(Entries) > 0 ?>
<div class="table-wrap"><table aria-describedby="results">
<thead><tr><th scope="col"><?cs var:L.Register.Name ?></th><th scope="col"><?cs var:L.Register.Agency ?></th><th scope="col"><?cs var:L.Register.Department ?></th><th scope="col"><?cs var:L.Register.Updated ?></th></tr></thead>
<tbody>
<?cs # Result.Search asked once, not once a row: the search's rows show the
   name's segments and an excerpt, the list's the name, the value of each
   entry's node, which is named by the entry's id (cgi-bin/register-list.c
   entry_set). ?><?cs if:Result.Search ?><?cs each:e = Entries ?><tr><td><a href="<?cs var:Site.BasePath ?>/register/<?cs var:name(e) ?><?cs var:Back.Query ?>"><?cs call:segments(e.NameSeg) ?></a><?cs if:e.Abolished ?> <span class="tag"><?cs var:L.Register.Abolished ?></span><?cs /if ?><?cs if:e.Excerpt.Label ?>
<span class="excerpt"><span class="excerpt-label"><?cs var:e.Excerpt.Label ?></span><?cs var:L.Register.Colon ?><?cs if:e.Excerpt.Before ?><?cs var:L.Register.Ellipsis ?><?cs /if ?><?cs call:segments(e.Excerpt.Seg) ?><?cs if:e.Excerpt.After ?><?cs var:L.Register.Ellipsis ?><?cs /if ?></span><?cs /if ?></td>
<td><?cs var:e.Agency ?></td><td><?cs var:e.Department ?></td><td><time datetime="<?cs var:e.UpdatedIso ?>"><?cs var:e.Updated ?></time></td></tr>
<?cs /each ?><?cs else ?><?cs each:e = Entries ?><tr><td><a href="<?cs var:Site.BasePath ?>/register/<?cs var:name(e) ?><?cs var:Back.Query ?>"><?cs var:e ?></a><?cs if:e.Abolished ?> <span class="tag"><?cs var:L.Register.Abolished ?></span><?cs /if ?></td>
<td><?cs var:e.Agency ?></td><td><?cs var:e.Department ?></td><td><time datetime="<?cs var:e.UpdatedIso ?>"><?cs var:e.Updated ?></time></td></tr>
<?cs /each ?><?cs /if ?></tbody></table></div>
<?cs /if ?>
<?cs if:Pager.Pages ?><nav class="pager" aria-label="<?cs var:L.Register.Pages ?>"><ul>
<?cs # Pager.Query ends with page=, each link adds its number ?><?cs if:Pager.Prev ?><li><a href="<?cs var:Site.BasePath ?>/register<?cs var:Pager.Query ?><?cs var:Pager.Prev ?>" rel="prev"><?cs var:L.Register.Prev ?></a></li><?cs /if ?>
<?cs each:l = Pager.Links ?><?cs if:l.Gap ?><li aria-hidden="true"><?cs var:L.Register.Ellipsis ?></li><?cs elif:l.Current ?><li><a href="<?cs var:Site.BasePath ?>/register<?cs var:Pager.Query ?><?cs var:l ?>" aria-current="page"><?cs var:l ?></a></li><?cs else ?><li><a href="<?cs var:Site.BasePath ?>/register<?cs var:Pager.Query ?><?cs var:l ?>"><?cs var:l ?></a></li><?cs /if ?>
<?cs /each ?><?cs if:Pager.Next ?><li><a href="<?cs var:Site.BasePath ?>/register<?cs var:Pager.Query ?><?cs var:Pager.Next ?>" rel="next"><?cs var:L.Register.Next ?></a></li><?cs /if ?>
</ul></nav><?cs /if ?>
<h2><?cs var:L.Register.OpenData ?></h2>
<p><?cs var:L.Register.OpenDataIntro ?></p>
<ul>
<li><a href="<?cs var:Site.BasePath ?>/register.csv<?cs var:Export.Csv ?>" type="text/csv"><?cs var:L.Register.Csv ?></a></li>
<li><a href="<?cs var:Site.BasePath ?>/register.json<?cs var:Export.Csv ?>" type="application/json"><?cs var:L.Register.Json ?></a></li>
</ul>
<?cs /def ?>
<?cs include:"layout.cs" ?>
