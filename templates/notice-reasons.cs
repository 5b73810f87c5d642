<?cs # Withheld parts with their grounds (APPI art. 78) and explanations. ?>
<table>
<?cs each:r = Reasons ?><?cs if:r.Part ?><tr><th scope="row"><?cs var:r.Part ?></th><td><?cs var:L.Desk.Ground[r.Ground] ?><?cs if:r.Explanation ?><br><?cs var:r.Explanation ?><?cs /if ?></td></tr><?cs /if ?>
<?cs /each ?></table>
