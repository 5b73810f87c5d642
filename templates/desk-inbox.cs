<?cs set:Page.Title = L.Desk.Inbox.Title ?>
<?cs def:content() ?>
<?cs include:"desk-nav.cs" ?>
<h1><?cs var:L.Desk.Inbox.Title ?></h1>
<p><?cs var:L.Desk.Inbox.Today ?> <?cs var:Inbox.Today ?></p>
<?cs if:subcount(Inbox.PayReview) > 0 ?><div class="warning" id="inbox-pay-review"><p><?cs var:L.Desk.Inbox.PayReview ?></p>
<ul><?cs each:r = Inbox.PayReview ?><li><a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:r.Id ?>#h-payments"><?cs var:r.Ref ?></a></li><?cs /each ?></ul></div><?cs /if ?>
<form method="get" action="<?cs var:Site.BasePath ?>/desk/" class="desk-filters">
<fieldset><legend><?cs var:L.Desk.Inbox.Filters ?></legend>
<p><label for="f-state"><?cs var:L.Desk.Inbox.State ?></label>
<select id="f-state" name="state">
<option value=""<?cs if:!Inbox.Filter.State ?> selected<?cs /if ?>><?cs var:L.Desk.Inbox.StateOpen ?></option>
<option value="all"<?cs if:Inbox.Filter.State == "all" ?> selected<?cs /if ?>><?cs var:L.Desk.Inbox.StateAll ?></option>
<?cs each:s = Inbox.States ?><option value="<?cs var:s ?>"<?cs if:Inbox.Filter.State == s ?> selected<?cs /if ?>><?cs var:L.Desk.State[s] ?></option>
<?cs /each ?></select></p>
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
<p><label for="f-q"><?cs var:L.Desk.Inbox.Q ?><span class="hint"><?cs var:L.Desk.Inbox.QHint ?></span></label>
<input type="search" id="f-q" name="q" value="<?cs var:Inbox.Filter.Q ?>"></p>
<p><button type="submit" class="button"><?cs var:L.Desk.Inbox.Apply ?></button></p>
</fieldset>
</form>
<p><?cs var:Inbox.Count ?> <?cs var:L.Desk.Inbox.Count ?></p>
<?cs if:Inbox.Count == 0 ?><p><?cs var:L.Desk.Inbox.None ?></p><?cs else ?>
<div class="table-wrap"><table class="inbox">
<caption><?cs var:L.Desk.Inbox.Caption ?></caption>
<thead><tr><th scope="col"><?cs var:L.Desk.Inbox.Ref ?></th><th scope="col"><?cs var:L.Desk.Inbox.Kind ?></th><th scope="col"><?cs var:L.Desk.Inbox.Agency ?></th><th scope="col"><?cs var:L.Desk.Inbox.Requester ?></th><th scope="col"><?cs var:L.Desk.Inbox.Received ?></th><th scope="col"><?cs var:L.Desk.Inbox.Due ?></th><th scope="col"><?cs var:L.Desk.Inbox.State ?></th></tr></thead>
<tbody>
<?cs each:r = Inbox.Rows ?><tr<?cs if:r.Mark ?> class="due-<?cs var:r.Mark ?>"<?cs /if ?> data-ref="<?cs var:r.Ref ?>">
<th scope="row"><a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:r.Id ?>"><?cs var:r.Ref ?></a></th>
<td><?cs if:Site.Lang == "en" ?><?cs var:City.Kind[r.Kind].NameEn ?><?cs else ?><?cs var:City.Kind[r.Kind].Name ?><?cs /if ?></td>
<td><?cs if:Site.Lang == "en" ?><?cs var:City.Agency[r.Agency].NameEn ?><?cs else ?><?cs var:City.Agency[r.Agency].Name ?><?cs /if ?></td>
<td><?cs var:r.Name ?></td>
<td><?cs var:r.ReceivedOn ?></td>
<td><?cs var:r.DueOn ?><?cs if:r.Mark ?> <strong class="mark mark-<?cs var:r.Mark ?>"><?cs var:L.Desk.Mark[r.Mark] ?></strong><?cs /if ?></td>
<td><?cs var:L.Desk.State[r.State] ?><?cs if:r.Decision ?> (<?cs var:L.Desk.Decision[r.Decision] ?>)<?cs /if ?></td>
</tr>
<?cs /each ?></tbody></table></div>
<?cs /if ?>
<?cs /def ?>
<?cs include:"layout.cs" ?>
