<?cs # The bulk dismissal's confirmation (cgi-bin/desk-floods.c): each case, and
   two buttons. ?>
<?cs set:Page.Title = L.Desk.Confirm.Title ?>
<?cs def:hidden() ?><input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<input type="hidden" name="hours" value="<?cs var:Floods.Hours ?>">
<input type="hidden" name="reason" value="<?cs var:Confirm.Reason ?>">
<?cs each:c = Confirm.Cases ?><input type="hidden" name="case" value="<?cs var:c.Id ?>">
<?cs /each ?><?cs /def ?>
<?cs def:content() ?>
<?cs include:"desk-nav.cs" ?>
<h1><?cs var:L.Desk.Confirm.Title ?><?cs var:L.Desk.Confirm.Sep ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:L.Desk.Floods.Dismiss ?></h1>
<div class="warning" id="confirm-what" data-count="<?cs var:Confirm.Count ?>">
<p><strong><?cs var:Confirm.Count ?> <?cs var:L.Desk.Floods.ConfirmWhat ?></strong></p>
<p><?cs var:L.Desk.Floods.Reason ?>: <?cs var:Confirm.Reason ?></p>
<ul id="confirm-cases"><?cs each:c = Confirm.Cases ?><li data-ref="<?cs var:c.Ref ?>"><?cs var:c.Ref ?> <?cs if:Site.Lang == "en" ?><?cs var:City.Kind[c.Kind].NameEn ?><?cs else ?><?cs var:City.Kind[c.Kind].Name ?><?cs /if ?> <?cs var:c.Name ?></li>
<?cs /each ?></ul>
<p><?cs var:L.Desk.Confirm.Irreversible ?></p>
</div>
<form method="post" action="<?cs var:Site.BasePath ?>/desk/floods/dismiss" id="confirm-do">
<?cs call:hidden() ?>
<input type="hidden" name="confirm" value="1">
<p><button type="submit" class="button danger"><?cs var:L.Desk.Confirm.Do ?></button></p>
</form>
<p><a href="<?cs var:Site.BasePath ?>/desk/floods?hours=<?cs var:Floods.Hours ?>"><?cs var:L.Desk.Confirm.Back ?></a></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
