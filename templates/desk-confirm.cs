<?cs # The confirmation of a step that cannot be undone (cgi-bin/desk-action.c
   confirm_page): what will happen, to whom, and two buttons. ?>
<?cs set:Page.Title = L.Desk.Confirm.Title ?>
<?cs def:hidden() ?><input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<?cs each:f = Confirm.Fields ?><input type="hidden" name="<?cs var:f.Name ?>" value="<?cs var:f.Value ?>">
<?cs /each ?><?cs /def ?>
<?cs def:content() ?>
<?cs include:"desk-nav.cs" ?>
<h1><?cs var:L.Desk.Confirm.Title ?><?cs var:L.Desk.Confirm.Sep ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:L.Desk.Action[Confirm.Action] ?></h1>
<div class="warning" id="confirm-what" data-action="<?cs var:Confirm.Action ?>">
<p><strong><?cs var:L.Desk.Confirm.What[Confirm.Action] ?></strong></p>
<dl>
<dt><?cs var:L.Desk.Confirm.Case ?></dt><dd><?cs var:Case.Ref ?> <?cs var:Case.KindName ?></dd>
<dt><?cs var:L.Desk.Confirm.ToWhom ?></dt><dd id="confirm-to"><?cs var:Case.RequesterName ?><?cs if:Case.Data.agent.name ?> / <?cs var:L.Desk.Case.Agent ?> <?cs var:Case.Data.agent.name ?><?cs /if ?></dd>
<?cs if:Confirm.Action == "decide" || Confirm.Action == "decide_rest" ?>
<dt><?cs var:L.Desk.Case.DecisionKind ?></dt><dd id="confirm-decision"><?cs var:L.Desk.Decision[Posted[Confirm.Action].decision] ?></dd>
<dt><?cs var:L.Desk.Case.DecidedOn ?></dt><dd><?cs var:Posted[Confirm.Action].decided_on ?></dd>
<?cs if:Posted[Confirm.Action].part1 ?><dt><?cs var:L.Desk.Case.WithheldPart ?></dt><dd><?cs loop:i = 1, 5, 1 ?><?cs if:Posted[Confirm.Action]["part" + i] ?><?cs var:Posted[Confirm.Action]["part" + i] ?><br><?cs /if ?><?cs /loop ?></dd><?cs /if ?>
<?cs /if ?>
</dl>
<p><?cs var:L.Desk.Confirm.Irreversible ?></p>
</div>
<form method="post" action="<?cs var:Site.BasePath ?>/desk/case/<?cs var:Case.Id ?>/<?cs var:Confirm.Action ?>" id="confirm-do">
<?cs call:hidden() ?>
<input type="hidden" name="confirm" value="1">
<p><button type="submit" class="button danger"><?cs var:L.Desk.Confirm.Do ?><?cs var:L.Desk.Confirm.Sep ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:L.Desk.Action[Confirm.Action] ?></button></p>
</form>
<form method="post" action="<?cs var:Site.BasePath ?>/desk/case/<?cs var:Case.Id ?>/<?cs var:Confirm.Action ?>" id="confirm-back">
<?cs call:hidden() ?>
<input type="hidden" name="confirm" value="2">
<p><button type="submit" class="button-secondary"><?cs var:L.Desk.Confirm.Back ?></button></p>
</form>
<?cs /def ?>
<?cs include:"layout.cs" ?>
