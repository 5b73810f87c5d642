<?cs # The one layout: header, breadcrumb, language switch, the page, the
   questionnaire and the footer. A page template defines content() and
   sets Page.Title, then includes this file. ?><!DOCTYPE html>
<html lang="<?cs var:Site.Lang ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:Page.Title ?> | <?cs var:L.Site.Name ?></title>
<link rel="stylesheet" href="<?cs var:Site.BasePath ?>/static/kaiji.css">
<?cs if:Page.Print ?><script src="<?cs var:Site.BasePath ?>/static/print.js" defer></script><?cs /if ?>
</head>
<body>
<a class="skip" href="#main"><?cs var:L.Site.Skip ?></a>
<header class="site">
  <p class="site-name"><a href="<?cs var:Site.BasePath ?>/<?cs if:Site.Lang == "en" ?>en/<?cs /if ?>"><?cs var:L.Site.Name ?></a><?cs if:City.Name ?> <span class="city"><?cs if:Site.Lang == "en" ?><?cs var:City.NameEn ?><?cs else ?><?cs var:City.Name ?><?cs /if ?></span><?cs /if ?></p>
  <nav class="lang" aria-label="<?cs var:L.Site.LangNav ?>"><a href="<?cs var:Req.Page ?>?lang=<?cs var:Req.OtherLang ?>" lang="<?cs var:Req.OtherLang ?>" hreflang="<?cs var:Req.OtherLang ?>"><?cs var:L.Site.OtherLang ?></a></nav>
</header>
<nav class="breadcrumb" aria-label="<?cs var:L.Site.Breadcrumb ?>"><ol><li><a href="<?cs var:Site.BasePath ?>/<?cs if:Site.Lang == "en" ?>en/<?cs /if ?>"><?cs var:L.Site.Top ?></a></li><?cs if:Page.Parent ?><li><a href="<?cs var:Site.BasePath ?><?cs var:Page.ParentPath ?>"><?cs var:Page.Parent ?></a></li><?cs /if ?><li aria-current="page"><?cs var:Page.Title ?></li></ol></nav>
<main id="main">
<?cs call:content() ?>
</main>
<?cs if:!Page.NoFeedback ?><?cs include:"feedback-block.cs" ?><?cs /if ?>
<footer class="site">
<ul class="footer-links">
<li><a href="<?cs var:Site.BasePath ?>/<?cs if:Site.Lang == "en" ?>en/<?cs /if ?>about.html"><?cs var:L.Site.About ?></a></li>
<li><a href="<?cs var:Site.BasePath ?>/<?cs if:Site.Lang == "en" ?>en/<?cs /if ?>how.html"><?cs var:L.Site.How ?></a></li>
<li><a href="<?cs var:Site.BasePath ?>/request"><?cs var:L.Site.Request ?></a></li>
<li><a href="<?cs var:Site.BasePath ?>/status"><?cs var:L.Site.Status ?></a></li>
<li><a href="<?cs var:Site.BasePath ?>/register"><?cs var:L.Site.Register ?></a></li>
</ul>
<p><?cs var:L.Site.FooterNote ?></p>
</footer>
</body>
</html>
