<?cs # Desk: a new account's or a reset password, shown this once. ?>
<?cs set:Page.Title = L.DeskStaff.PasswordTitle ?>
<?cs set:Page.NoFeedback = 1 ?>
<?cs def:content() ?>
<?cs include:"desk-nav.cs" ?>
<h1><?cs var:L.DeskStaff.PasswordTitle ?></h1>
<p role="status" id="staff-shown" data-what="<?cs var:Shown.What ?>"><?cs var:L.DeskStaff.Shown[Shown.What] ?></p>
<dl class="case-summary">
<dt><?cs var:L.DeskStaff.Login ?></dt><dd id="shown-login"><?cs var:Shown.Login ?></dd>
<dt><?cs var:L.DeskStaff.Password ?></dt><dd><code id="shown-password"><?cs var:Shown.Password ?></code></dd>
</dl>
<p class="warning"><?cs var:L.DeskStaff.OnceNote ?></p>
<?cs if:Shown.TotpNeeded ?><p class="note" id="shown-totp"><?cs var:L.DeskStaff.TotpNeeded ?></p><?cs /if ?>
<p><a href="<?cs var:Site.BasePath ?>/desk/staff" id="back-to-staff"><?cs var:L.DeskStaff.Back ?></a></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
