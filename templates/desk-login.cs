<?cs set:Page.Title = L.Desk.LoginTitle ?>
<?cs def:content() ?>
<h1><?cs var:L.Desk.LoginTitle ?></h1>
<?cs if:Desk.LoginError ?><div class="error" role="alert"><p><?cs var:L.Desk.LoginError[Desk.LoginError] ?></p></div><?cs /if ?>
<form method="post" action="<?cs var:Site.BasePath ?>/desk/login">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<?cs if:Desk.Next ?><input type="hidden" name="next" value="<?cs var:Desk.Next ?>"><?cs /if ?>
<p><label for="login"><?cs var:L.Desk.Login ?></label>
<input type="text" id="login" name="login" required autocomplete="username" value="<?cs var:Desk.LoginName ?>"></p>
<p><label for="password"><?cs var:L.Desk.Password ?></label>
<input type="password" id="password" name="password" required autocomplete="current-password"></p>
<p><label for="code"><?cs var:L.Desk.Code ?></label>
<span class="hint" id="code-hint"><?cs var:L.Desk.CodeHint ?></span>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="32" aria-describedby="code-hint"<?cs if:Desk.NeedCode ?> required aria-invalid="true"<?cs /if ?>></p>
<p><button type="submit" class="button"><?cs var:L.Desk.Submit ?></button></p>
</form>
<?cs /def ?>
<?cs include:"layout.cs" ?>
