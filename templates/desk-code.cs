<?cs set:Page.Title = L.Desk.Case.Code ?>
<?cs def:content() ?>
<?cs include:"desk-nav.cs" ?>
<h1><?cs var:L.Desk.Case.Code ?></h1>
<dl>
<dt><?cs var:L.Desk.Case.Ref ?></dt><dd><?cs var:Code.Ref ?></dd>
<dt><?cs var:L.Desk.Case.Code ?></dt><dd><strong class="code" id="new-code"><?cs var:Code.Code ?></strong></dd>
</dl>
<p class="warning"><?cs var:L.Desk.Case.CodeNote ?></p>
<p><a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:Code.CaseId ?>"><?cs var:L.Desk.Case.Back ?></a></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
