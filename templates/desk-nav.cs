<?cs # The desk's menu: every page but the login includes it. ?>
<nav class="desk-nav" aria-label="<?cs var:L.Desk.Nav.Label ?>">
<ul>
<li><a href="<?cs var:Site.BasePath ?>/desk/"><?cs var:L.Desk.Nav.Inbox ?></a></li>
<li><a href="<?cs var:Site.BasePath ?>/desk/stats"><?cs var:L.Desk.Nav.Stats ?></a></li>
<?cs if:Desk.Me.Role == "admin" || Desk.Me.Role == "clerk" ?><li><a href="<?cs var:Site.BasePath ?>/desk/floods"><?cs var:L.Desk.Nav.Floods ?></a></li><?cs /if ?>
<li><a href="<?cs var:Site.BasePath ?>/desk/feedback"><?cs var:L.Desk.Nav.Feedback ?></a></li>
<?cs if:Desk.Me.Role == "admin" ?><li><a href="<?cs var:Site.BasePath ?>/desk/staff"><?cs var:L.Desk.Nav.Staff ?></a></li><?cs /if ?>
<?cs if:Desk.Me.Role == "admin" ?><li><a href="<?cs var:Site.BasePath ?>/desk/register"><?cs var:L.Desk.Nav.Register ?></a></li><?cs /if ?>
</ul>
<p><?cs var:L.Desk.Nav.SignedIn ?> <?cs var:Desk.Me.Name ?> (<?cs var:Desk.Me.Login ?>, <?cs var:L.Desk.Role[Desk.Me.Role] ?>)</p>
<?cs if:Desk.RemoteUser ?><p class="note"><?cs var:L.Desk.Nav.RemoteUser ?></p>
<?cs else ?><form method="post" action="<?cs var:Site.BasePath ?>/desk/logout">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<button type="submit" class="button"><?cs var:L.Desk.Nav.Logout ?></button>
</form><?cs /if ?>
</nav>
