<?cs # The register page: the city's own register of tasks, kept under its ordinance beside the file register, when it keeps one (City.Register.LocalName). ?><?cs include:"page-macros.cs" ?><?cs if:City.Register.LocalName ?>
<h2 id="city-local"><?cs call:en_or(City.Register.LocalName, City.Register.LocalNameEn) ?></h2>
<p><?cs var:L.Pages.LocalBefore ?><?cs call:en_or(City.Register.LocalName, City.Register.LocalNameEn) ?><?cs var:L.Pages.LocalAfter ?><?cs if:City.Register.LocalPlace ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:L.Pages.LocalPlace ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs call:en_or(City.Register.LocalPlace, City.Register.LocalPlaceEn) ?><?cs var:L.Pages.LocalPlaceEnd ?><?cs /if ?></p>
<?cs /if ?>
