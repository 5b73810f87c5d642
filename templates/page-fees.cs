<?cs # The fees page: this city's fee table (issue 23 item 8). ?><?cs include:"page-macros.cs" ?>
<section class="table-wrap" aria-label="<?cs var:L.Pages.FeesCaption ?>" tabindex="0">
<table id="city-fees">
<caption><?cs var:L.Pages.FeesCaption ?></caption>
<thead><tr><th scope="col"><?cs var:L.Pages.Item ?></th><th scope="col"><?cs var:L.Pages.Cost ?></th></tr></thead>
<tbody>
<tr><th scope="row"><?cs var:L.Pages.RequestRow ?></th><td><?cs if:City.Fee.RequestYen > 0 ?><?cs var:City.Fee.RequestYen ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:L.Pages.Yen ?><?cs else ?><?cs var:L.Pages.Free ?><?cs /if ?></td></tr>
<?cs if:City.Disclosure.View == "1" ?><tr><th scope="row"><?cs var:L.Pages.ViewRow ?></th><td><?cs var:L.Pages.Free ?></td></tr><?cs /if ?>
<?cs each:i = City.Fee.Item ?><tr><th scope="row"><?cs call:en_or(i.Name, i.NameEn) ?></th><td><?cs call:item_cost(i) ?></td></tr>
<?cs /each ?><?cs if:City.Fee.Postage == "at_cost" ?><tr><th scope="row"><?cs var:L.Pages.PostageAtCost ?></th><td><?cs var:L.Pages.AtCost ?></td></tr><?cs /if ?>
</tbody>
</table>
</section>
<ul>
<li><?cs var:L.Pages.Double ?></li>
<?cs if:City.Fee.Prepay == "1" ?><li><?cs var:L.Pages.Prepay ?><?cs if:City.Fee.PrepayException ?> <?cs call:en_or(City.Fee.PrepayException, City.Fee.PrepayExceptionEn) ?><?cs /if ?></li><?cs /if ?>
<li><?cs var:L.Pages.Exact ?></li>
</ul>