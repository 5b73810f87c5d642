<?cs set:Page.Title = L.Pay.Title ?>
<?cs def:content() ?>
<h1><?cs var:L.Pay.Title ?></h1>
<p><?cs var:L.Pay.Intro ?></p>
<ul>
<?cs each:m = City.Payment.Methods ?><li><?cs var:L.Pay.Methods[m] ?></li>
<?cs /each ?>
</ul>
<?cs /def ?>
<?cs include:"layout.cs" ?>
