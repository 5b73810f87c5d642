<?cs include:"request-macros.cs" ?>
<?cs set:Page.Title = L.Request.Receipt.Title ?>
<?cs set:Page.Print = 1 ?>
<?cs def:content() ?>
<h1><?cs var:L.Request.Receipt.Title ?></h1>
<?cs call:steps(4) ?>
<div class="success" role="status">
<p><?cs var:L.Request.Receipt.Intro ?></p>
</div>
<div class="table-wrap">
<table>
<caption><?cs var:L.Request.Receipt.Title ?></caption>
<tbody>
<tr><th scope="row"><?cs var:L.Request.Receipt.Ref ?></th><td><span class="receipt-key" id="receipt-ref"><?cs var:Receipt.Ref ?></span></td></tr>
<tr><th scope="row"><?cs var:L.Request.Receipt.Code ?></th><td><?cs if:Receipt.Code ?><span class="receipt-key" id="receipt-code"><?cs var:Receipt.Code ?></span><?cs else ?><?cs var:L.Request.Receipt.CodeGone ?><?cs /if ?></td></tr>
<tr><th scope="row"><?cs var:L.Request.Receipt.Kind ?></th><td><?cs var:Form.KindName ?></td></tr>
<tr><th scope="row"><?cs var:L.Request.Receipt.Agency ?></th><td><?cs call:pname(City.Agency[Receipt.Agency]) ?></td></tr>
<?cs call:row(L.Request.F.name, V.name) ?>
<?cs call:row_text(L.Request.F.sought, V.sought) ?>
<tr><th scope="row"><?cs var:L.Request.Receipt.Received ?></th><td><?cs var:Receipt.Received ?></td></tr>
<tr><th scope="row"><?cs var:L.Request.Receipt.Due ?></th><td><strong id="receipt-due" data-day="<?cs var:Receipt.Due.Iso ?>"><?cs var:Receipt.Due ?></strong></td></tr>
</tbody>
</table>
</div>
<?cs if:Receipt.Code ?><div class="warning"><p><strong><?cs var:L.Request.Receipt.CodeOnce ?></strong></p></div><?cs /if ?>
<p class="note"><?cs var:L.Request.Receipt.DueNote ?></p>
<h2><?cs var:L.Request.Receipt.NextTitle ?></h2>
<ol>
<li><?cs var:L.Request.Receipt.Next1 ?></li>
<li><?cs var:L.Request.Receipt.Next2 ?></li>
<?cs if:Form.Kind == "disclosure" ?><li><?cs var:L.Request.Receipt.Next3 ?></li><?cs /if ?>
</ol>
<h2><?cs var:L.Request.Receipt.StatusTitle ?></h2>
<p><?cs var:L.Request.Receipt.StatusText ?></p>
<p class="no-print"><a href="<?cs var:Site.BasePath ?>/status"><?cs var:L.Request.Receipt.StatusLink ?></a></p>
<p class="no-print"><button type="button" class="button" id="print-button" data-print hidden><?cs var:L.Request.Receipt.PrintButton ?></button></p>
<p class="note no-print"><?cs var:L.Request.Receipt.Print ?></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
