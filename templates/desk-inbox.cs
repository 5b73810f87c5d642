<?cs set:Page.Title = L.Desk.Inbox.Title ?>
<?cs def:content() ?>
<?cs include:"desk-nav.cs" ?>
<h1><?cs var:L.Desk.Inbox.Title ?></h1>
<p><?cs var:L.Desk.Inbox.Today ?> <?cs var:Inbox.Today ?></p>
<?cs def:tab(name, label, count) ?><li><a href="<?cs var:Site.BasePath ?>/desk/<?cs var:Inbox.Tabs[name].Href ?>"<?cs if:Inbox.Filter.State == name || (name == "Open" && !Inbox.Filter.State) || (name == "All" && Inbox.Filter.State == "all") ?> aria-current="page"<?cs /if ?>><?cs var:label ?> <span class="count"><?cs if:count ?><?cs var:count ?><?cs else ?>0<?cs /if ?></span></a></li><?cs /def ?>
<nav class="inbox-tabs" aria-label="<?cs var:L.Desk.Inbox.Tabs ?>"><ul>
<?cs call:tab("Open", L.Desk.Inbox.StateOpen, Inbox.Tabs.Open.Count) ?>
<?cs each:s = Inbox.States ?><?cs call:tab(s, L.Desk.State[s], Inbox.Tabs[s].Count) ?>
<?cs /each ?><?cs call:tab("All", L.Desk.Inbox.StateAll, Inbox.Tabs.All.Count) ?>
</ul></nav>
<?cs if:subcount(Inbox.PayReview) > 0 ?><div class="warning" id="inbox-pay-review"><p><?cs var:L.Desk.Inbox.PayReview ?></p>
<ul><?cs each:r = Inbox.PayReview ?><li><a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:r.Id ?>#h-payments"><?cs var:r.Ref ?></a></li><?cs /each ?></ul></div><?cs /if ?>
<form method="get" action="<?cs var:Site.BasePath ?>/desk/" class="desk-filters">
<fieldset><legend><?cs var:L.Desk.Inbox.Filters ?></legend>
<?cs if:Inbox.Filter.State ?><input type="hidden" name="state" value="<?cs var:Inbox.Filter.State ?>"><?cs /if ?>
<?cs if:Inbox.Filter.Sort ?><input type="hidden" name="sort" value="<?cs var:Inbox.Filter.Sort ?>"><?cs /if ?>
<p><label for="f-kind"><?cs var:L.Desk.Inbox.Kind ?></label>
<select id="f-kind" name="kind">
<option value=""><?cs var:L.Desk.Inbox.All ?></option>
<?cs each:k = Inbox.Kinds ?><option value="<?cs var:k ?>"<?cs if:Inbox.Filter.Kind == k ?> selected<?cs /if ?>><?cs if:Site.Lang == "en" ?><?cs var:City.Kind[k].NameEn ?><?cs else ?><?cs var:City.Kind[k].Name ?><?cs /if ?></option>
<?cs /each ?></select></p>
<p><label for="f-agency"><?cs var:L.Desk.Inbox.Agency ?></label>
<select id="f-agency" name="agency">
<option value=""><?cs var:L.Desk.Inbox.All ?></option>
<?cs each:a = Inbox.Agencies ?><option value="<?cs var:a ?>"<?cs if:Inbox.Filter.Agency == a ?> selected<?cs /if ?>><?cs if:Site.Lang == "en" ?><?cs var:City.Agency[a].NameEn ?><?cs else ?><?cs var:City.Agency[a].Name ?><?cs /if ?></option>
<?cs /each ?></select></p>
<p class="wide"><label for="f-q"><?cs var:L.Desk.Inbox.Q ?></label>
<input type="search" id="f-q" name="q" value="<?cs var:Inbox.Filter.Q ?>" aria-describedby="f-q-hint"><span class="hint" id="f-q-hint"><?cs var:L.Desk.Inbox.QHint ?></span></p>
<p><button type="submit" class="button"><?cs var:L.Desk.Inbox.Apply ?></button></p>
</fieldset>
</form>
<?cs if:Inbox.AmendOverdueCount > 0 ?><section id="amend-overdue" aria-labelledby="h-amend-overdue">
<h2 id="h-amend-overdue"><?cs var:L.Desk.Inbox.AmendOverdue ?></h2>
<ul><?cs each:r = Inbox.AmendOverdue ?><li data-amend-ref="<?cs var:r.Ref ?>"><a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:r.Id ?>"><?cs var:r.Ref ?></a> <?cs var:L.Desk.Inbox.AmendOverdueBy ?> <?cs if:r.By.Wareki ?><?cs var:r.By.Wareki ?><?cs else ?><?cs var:r.By ?><?cs /if ?></li><?cs /each ?></ul>
</section><?cs /if ?>
<p class="inbox-count"><?cs var:Inbox.Count ?> <?cs var:L.Desk.Inbox.Count ?><?cs if:Inbox.Page > 1 || Inbox.Next ?>（<?cs var:Inbox.Page ?> <?cs var:L.Desk.Inbox.PageWord ?>）<?cs /if ?>
<a class="csv" href="<?cs var:Site.BasePath ?>/desk/inbox.csv<?cs var:Inbox.CsvQuery ?>"><?cs var:L.Desk.Inbox.CsvLink ?></a></p>
<?cs if:Inbox.Count == 0 ?><p><?cs var:L.Desk.Inbox.None ?></p><?cs else ?>
<?cs def:sorted(name, label) ?><th scope="col"<?cs if:Inbox.Sort[name].Now ?> aria-sort="<?cs var:Inbox.Sort[name].Now ?>"<?cs /if ?>><a href="<?cs var:Site.BasePath ?>/desk/<?cs var:Inbox.Sort[name].Href ?>"><?cs var:label ?><?cs if:Inbox.Sort[name].Now == "ascending" ?> <span aria-hidden="true">▲</span><?cs elif:Inbox.Sort[name].Now == "descending" ?> <span aria-hidden="true">▼</span><?cs /if ?></a></th><?cs /def ?>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="inbox-caption"><table class="inbox">
<caption id="inbox-caption"><?cs var:L.Desk.Inbox.Caption ?></caption>
<thead><tr><?cs call:sorted("ref", L.Desk.Inbox.Ref) ?><?cs call:sorted("kind", L.Desk.Inbox.Kind) ?><?cs call:sorted("agency", L.Desk.Inbox.Agency) ?><?cs call:sorted("requester", L.Desk.Inbox.Requester) ?><?cs call:sorted("received", L.Desk.Inbox.Received) ?><?cs call:sorted("due", L.Desk.Inbox.Due) ?><th scope="col"><?cs var:L.Desk.Inbox.Left ?></th><?cs call:sorted("state", L.Desk.Inbox.State) ?><th scope="col"><?cs var:L.Desk.Inbox.Next ?></th></tr></thead>
<tbody>
<?cs each:r = Inbox.Rows ?><tr<?cs if:r.Mark ?> class="due-<?cs var:r.Mark ?>"<?cs /if ?> data-ref="<?cs var:r.Ref ?>">
<th scope="row"><a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:r.Id ?>"><?cs var:r.Ref ?></a></th>
<td><?cs if:Site.Lang == "en" ?><?cs var:City.Kind[r.Kind].NameEn ?><?cs else ?><?cs var:City.Kind[r.Kind].Name ?><?cs /if ?></td>
<td><?cs if:Site.Lang == "en" ?><?cs var:City.Agency[r.Agency].NameEn ?><?cs else ?><?cs var:City.Agency[r.Agency].Name ?><?cs /if ?></td>
<td><?cs var:r.Name ?></td>
<td><time datetime="<?cs var:r.ReceivedOn.Iso ?>"><?cs var:r.ReceivedOn ?></time></td>
<td><time datetime="<?cs var:r.DueOn.Iso ?>"><?cs var:r.DueOn ?></time><?cs if:r.Mark ?> <strong class="mark mark-<?cs var:r.Mark ?>"><?cs var:L.Desk.Mark[r.Mark] ?></strong><?cs /if ?></td>
<td class="num"><?cs if:r.Left < 0 ?><?cs var:0 - r.Left ?><?cs var:L.Desk.Inbox.DaysOver ?><?cs elif:r.Left == 0 && r.Mark ?><?cs var:L.Desk.Inbox.DueToday ?><?cs elif:r.Left > 0 ?><?cs var:L.Desk.Inbox.LeftBefore ?><?cs var:r.Left ?><?cs var:L.Desk.Inbox.LeftAfter ?><?cs /if ?></td>
<td><?cs var:L.Desk.State[r.State] ?><?cs if:r.Decision ?> (<?cs var:L.Desk.Decision[r.Decision] ?>)<?cs /if ?></td>
<td<?cs if:r.Rest ?> class="next-rest"<?cs /if ?>><?cs if:r.Rest ?><?cs var:L.Desk.Next.rest ?><?cs else ?><?cs var:L.Desk.Next[r.State] ?><?cs /if ?></td>
</tr>
<?cs /each ?></tbody></table></div>
<?cs if:Inbox.Prev || Inbox.Next ?><nav class="pager" aria-label="<?cs var:L.Desk.Inbox.Pager ?>"><ul>
<?cs if:Inbox.Prev ?><li><a rel="prev" href="<?cs var:Site.BasePath ?>/desk/<?cs var:Inbox.Prev ?>"><?cs var:L.Desk.Inbox.Prev ?></a></li><?cs /if ?>
<?cs if:Inbox.Next ?><li><a rel="next" href="<?cs var:Site.BasePath ?>/desk/<?cs var:Inbox.Next ?>"><?cs var:L.Desk.Inbox.NextPage ?></a></li><?cs /if ?>
</ul></nav><?cs /if ?>
<?cs /if ?>
<?cs /def ?>
<?cs include:"layout.cs" ?>
