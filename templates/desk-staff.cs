<?cs # Desk: staff accounts, admins only (cgi-bin/desk-staff.c): the
   list with each account's changes folded under it, and a new account. ?>
<?cs set:Page.Title = L.DeskStaff.Title ?>
<?cs set:Page.NoFeedback = 1 ?>
<?cs def:roles(id, current) ?><p><label for="<?cs var:id ?>"><?cs var:L.DeskStaff.Role ?></label><select id="<?cs var:id ?>" name="role">
<?cs each:r = L.Desk.Role ?><option value="<?cs var:name(r) ?>"<?cs if:current == name(r) ?> selected<?cs /if ?>><?cs var:r ?></option><?cs /each ?></select></p><?cs /def ?>
<?cs def:agencies(pre, s) ?><fieldset><legend><?cs var:L.DeskStaff.Agencies ?></legend><p class="hint"><?cs var:L.DeskStaff.AgenciesHint ?></p>
<?cs each:a = City.Agency ?><label class="option" for="<?cs var:pre ?>-ag-<?cs var:name(a) ?>"><input type="checkbox" id="<?cs var:pre ?>-ag-<?cs var:name(a) ?>" name="agency" value="<?cs var:name(a) ?>"<?cs if:s.Agencies[name(a)] ?> checked<?cs /if ?>> <?cs if:Site.Lang == "en" ?><?cs var:a.NameEn ?><?cs else ?><?cs var:a.Name ?><?cs /if ?></label><?cs /each ?></fieldset><?cs /def ?>
<?cs def:step(s, act, label, danger) ?><form method="post" action="<?cs var:Site.BasePath ?>/desk/staff/<?cs var:s.Id ?>/<?cs var:act ?>" id="staff-<?cs var:s.Id ?>-<?cs var:act ?>" class="inline-form">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>"><button type="submit" class="button<?cs if:danger ?> danger<?cs /if ?>"><?cs var:label ?></button></form><?cs /def ?>
<?cs def:content() ?>
<?cs include:"desk-nav.cs" ?>
<h1><?cs var:L.DeskStaff.Title ?></h1>
<?cs if:Flash.Error ?><div class="error" role="alert" id="staff-error" data-error="<?cs var:Flash.Error ?>"><p><?cs var:L.DeskStaff.Err[Flash.Error] ?></p></div><?cs /if ?>
<?cs if:Flash.Done ?><p class="success" role="status" id="staff-done" data-done="<?cs var:Flash.Done ?>"><?cs var:L.DeskStaff.Done[Flash.Done] ?></p><?cs /if ?>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-staff-list">
<table id="staff-list"><caption id="h-staff-list"><?cs var:L.DeskStaff.List ?></caption>
<thead><tr><th scope="col"><?cs var:L.DeskStaff.Login ?></th><th scope="col"><?cs var:L.DeskStaff.Name ?></th><th scope="col"><?cs var:L.DeskStaff.Role ?></th><th scope="col"><?cs var:L.DeskStaff.Agencies ?></th><th scope="col"><?cs var:L.DeskStaff.State ?></th><th scope="col"><?cs var:L.DeskStaff.Totp ?></th></tr></thead>
<tbody><?cs each:s = Staff ?><tr id="staff-<?cs var:s.Id ?>" data-login="<?cs var:s.Login ?>" data-role="<?cs var:s.Role ?>" data-disabled="<?cs var:s.Disabled ?>"><th scope="row"><?cs var:s.Login ?></th><td><?cs var:s.Name ?></td><td><?cs var:L.Desk.Role[s.Role] ?></td>
<td><?cs if:s.Role == "admin" ?><?cs var:L.DeskStaff.AllAgencies ?><?cs else ?><?cs each:a = s.Agencies ?><?cs var:City.Agency[name(a)].Name ?> <?cs /each ?><?cs /if ?></td>
<td><?cs if:s.Disabled == 1 ?><?cs var:L.DeskStaff.Disabled ?><?cs else ?><?cs var:L.DeskStaff.Active ?><?cs /if ?></td><td><?cs if:s.Totp == 1 ?><?cs var:L.DeskStaff.TotpOn ?><?cs else ?><?cs var:L.DeskStaff.TotpOff ?><?cs /if ?></td></tr>
<?cs /each ?></tbody></table></div>

<h2 id="h-changes"><?cs var:L.DeskStaff.Changes ?></h2>
<?cs each:s = Staff ?><details class="fold" id="edit-<?cs var:s.Id ?>"><summary><?cs var:s.Login ?> (<?cs var:s.Name ?>)</summary>
<div class="staff-steps">
<?cs call:step(s, "password", L.DeskStaff.Reset, 0) ?>
<?cs if:s.Id != Desk.MeId ?><?cs if:s.Disabled == 1 ?><?cs call:step(s, "enable", L.DeskStaff.Enable, 0) ?><?cs else ?><?cs call:step(s, "disable", L.DeskStaff.Disable, 1) ?><?cs /if ?><?cs /if ?>
<?cs if:s.Totp == 1 ?><?cs call:step(s, "totp_reset", L.DeskStaff.TotpReset, 1) ?><?cs /if ?>
</div>
<?cs if:s.Totp == 1 ?><p class="hint"><?cs var:L.DeskStaff.TotpResetHint ?></p><?cs /if ?>
<?cs if:s.Id != Desk.MeId ?><form method="post" action="<?cs var:Site.BasePath ?>/desk/staff/<?cs var:s.Id ?>/role" id="staff-<?cs var:s.Id ?>-role">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<?cs call:roles("role-" + s.Id, s.Role) ?>
<?cs call:agencies("role-" + s.Id, s) ?>
<p><button type="submit" class="button"><?cs var:L.DeskStaff.SetRole ?></button></p>
</form><?cs else ?><p><?cs var:L.DeskStaff.SelfNote ?></p><?cs /if ?>
</details>
<?cs /each ?>

<h2 id="h-add"><?cs var:L.DeskStaff.Add ?></h2>
<form method="post" action="<?cs var:Site.BasePath ?>/desk/staff" id="staff-add">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<p><label for="add-login"><?cs var:L.DeskStaff.Login ?> <span class="req"><?cs var:L.Site.Required ?></span></label>
<span class="hint" id="add-login-hint"><?cs var:L.DeskStaff.LoginHint ?></span>
<input type="text" id="add-login" name="login" class="medium" required maxlength="64" autocomplete="off" aria-describedby="add-login-hint" value="<?cs var:Posted.Login ?>"></p>
<p><label for="add-name"><?cs var:L.DeskStaff.Name ?> <span class="req"><?cs var:L.Site.Required ?></span></label>
<input type="text" id="add-name" name="name" class="medium" required maxlength="200" autocomplete="off" value="<?cs var:Posted.Name ?>"></p>
<?cs call:roles("add-role", "clerk") ?>
<?cs call:agencies("add", Posted) ?>
<p><button type="submit" class="button"><?cs var:L.DeskStaff.AddButton ?></button></p>
</form>
<?cs /def ?>
<?cs include:"layout.cs" ?>
