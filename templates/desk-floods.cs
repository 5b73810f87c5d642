<?cs # Suspected floods (cgi-bin/desk-floods.c): requests filed online from
   one client in a window, with a bulk dismissal of the cases ticked. ?>
<?cs set:Page.Title = L.Desk.Floods.Title ?>
<?cs def:content() ?>
<?cs include:"desk-nav.cs" ?>
<h1><?cs var:L.Desk.Floods.Title ?></h1>
<p><?cs var:L.Desk.Floods.Intro ?></p>
<?cs if:Flash.Dismissed ?><div class="notice" role="status" id="floods-done"><p><?cs var:Flash.Dismissed ?> <?cs var:L.Desk.Floods.Done ?></p></div><?cs /if ?>
<?cs if:Flash.Error ?><div class="error" role="alert" id="floods-error" data-error="<?cs var:Flash.Error ?>"><p><?cs var:L.Desk.Floods.Refused ?><?cs if:Flash.Ref ?> (<?cs var:Flash.Ref ?>)<?cs /if ?>: <?cs var:L.Desk.Err[Flash.Error] ?></p></div><?cs /if ?>
<form method="get" action="<?cs var:Site.BasePath ?>/desk/floods" class="desk-filters">
<p><label for="f-hours"><?cs var:L.Desk.Floods.Window ?></label>
<select id="f-hours" name="hours">
<option value="24"<?cs if:Floods.Hours == 24 ?> selected<?cs /if ?>><?cs var:L.Desk.Floods.Day ?></option>
<option value="168"<?cs if:Floods.Hours == 168 ?> selected<?cs /if ?>><?cs var:L.Desk.Floods.Week ?></option>
<option value="744"<?cs if:Floods.Hours == 744 ?> selected<?cs /if ?>><?cs var:L.Desk.Floods.Month ?></option>
</select></p>
<p><button type="submit" class="button"><?cs var:L.Desk.Inbox.Apply ?></button></p>
</form>
<?cs if:subcount(Floods.Groups) == 0 ?><p id="floods-none"><?cs var:L.Desk.Floods.None ?></p><?cs else ?>
<form method="post" action="<?cs var:Site.BasePath ?>/desk/floods/dismiss" id="floods-form">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<input type="hidden" name="hours" value="<?cs var:Floods.Hours ?>">
<?cs each:g = Floods.Groups ?><section class="flood-group" data-client="<?cs var:g.Label ?>" data-count="<?cs var:g.Count ?>" aria-labelledby="h-client-<?cs var:g.Id ?>">
<h2 id="h-client-<?cs var:g.Id ?>"><?cs var:L.Desk.Floods.Client ?> <?cs var:g.Label ?>: <?cs var:g.Count ?> <?cs var:L.Desk.Floods.Requests ?></h2>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-client-<?cs var:g.Id ?>"><table class="inbox">
<thead><tr><th scope="col"><?cs var:L.Desk.Floods.Tick ?></th><th scope="col"><?cs var:L.Desk.Inbox.Ref ?></th><th scope="col"><?cs var:L.Desk.Inbox.Kind ?></th><th scope="col"><?cs var:L.Desk.Inbox.Agency ?></th><th scope="col"><?cs var:L.Desk.Inbox.Requester ?></th><th scope="col"><?cs var:L.Desk.Inbox.Received ?></th><th scope="col"><?cs var:L.Desk.Inbox.State ?></th></tr></thead>
<tbody>
<?cs each:r = g.Cases ?><tr data-ref="<?cs var:r.Ref ?>">
<td><?cs if:r.Open ?><input type="checkbox" name="case" value="<?cs var:r.Id ?>" id="case-<?cs var:r.Id ?>" aria-label="<?cs var:L.Desk.Floods.Tick ?> <?cs var:r.Ref ?>"><?cs /if ?></td>
<th scope="row"><a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:r.Id ?>"><?cs var:r.Ref ?></a></th>
<td><?cs if:Site.Lang == "en" ?><?cs var:City.Kind[r.Kind].NameEn ?><?cs else ?><?cs var:City.Kind[r.Kind].Name ?><?cs /if ?></td>
<td><?cs if:Site.Lang == "en" ?><?cs var:City.Agency[r.Agency].NameEn ?><?cs else ?><?cs var:City.Agency[r.Agency].Name ?><?cs /if ?></td>
<td><?cs var:r.Name ?></td>
<td><?cs if:r.ReceivedOn.Wareki ?><?cs var:r.ReceivedOn.Wareki ?><?cs else ?><?cs var:r.ReceivedOn ?><?cs /if ?></td>
<td><?cs var:L.Desk.State[r.State] ?></td>
</tr>
<?cs /each ?></tbody></table></div>
</section>
<?cs /each ?>
<p><label for="f-reason"><?cs var:L.Desk.Floods.Reason ?></label>
<textarea id="f-reason" name="reason" rows="3" required aria-describedby="f-reason-hint"></textarea>
<span class="hint" id="f-reason-hint"><?cs var:L.Desk.Floods.ReasonHint ?></span></p>
<p><button type="submit" class="button danger"><?cs var:L.Desk.Floods.Dismiss ?></button></p>
</form>
<?cs /if ?>
<?cs /def ?>
<?cs include:"layout.cs" ?>
