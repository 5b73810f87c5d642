<?cs # The deadlines page: this city's periods and how they are counted (issue 23 item 8). ?><?cs include:"page-macros.cs" ?>
<section class="table-wrap" aria-label="<?cs var:L.Pages.DaysCaption ?>" tabindex="0">
<table id="city-periods">
<caption><?cs var:L.Pages.DaysCaption ?></caption>
<thead><tr><th scope="col"><?cs var:L.Pages.Kind ?></th><th scope="col"><?cs var:L.Pages.Limit ?></th><th scope="col"><?cs var:L.Pages.Extension ?></th></tr></thead>
<tbody>
<?cs each:k = City.Kind ?><?cs if:k.Enabled == "1" ?><tr><th scope="row"><?cs call:en_or(k.Name, k.NameEn) ?></th><td><?cs call:kind_days(k) ?></td><td><?cs if:k.ExtensionDays > 0 ?><?cs var:k.ExtensionDays ?><?cs if:Site.Lang == "en" ?> <?cs var:L.Pages.DaysUnit2 ?><?cs else ?><?cs var:L.Pages.DaysUnit2 ?><?cs /if ?><?cs else ?><?cs var:L.Pages.None ?><?cs /if ?></td></tr>
<?cs /if ?><?cs /each ?></tbody>
</table>
</section>
<p><?cs var:L.Pages.Exact ?></p>