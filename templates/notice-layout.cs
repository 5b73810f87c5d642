<?cs # One A4 notice: the document number and date, the addressee, the
   agency head's signature, the title, the body the notice defines in
   notice_body(), the appeal instructions on decisions, the office.
   Notice.To overrides the addressee (a third party). ?><!DOCTYPE html>
<html lang="<?cs var:Site.Lang ?>">
<head>
<meta charset="utf-8">
<title><?cs var:Page.Title ?> <?cs var:Case.Ref ?></title>
<link rel="stylesheet" href="<?cs var:Site.BasePath ?>/static/notice.css">
</head>
<body>
<p class="no-print"><a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:Case.Id ?>"><?cs var:L.DeskNotice.Back ?></a> <?cs var:L.DeskNotice.PrintHint ?></p>
<main class="notice-doc" id="notice" data-kind="<?cs var:Notice.Kind ?>">
<p class="doc-no"><?cs var:L.DeskNotice.No ?> <?cs var:Case.Ref ?> <?cs var:L.DeskNotice.Go ?><br><?cs if:Notice.Date.Wareki ?><?cs var:Notice.Date.Wareki ?><?cs else ?><?cs var:Notice.Date ?><?cs /if ?></p>
<p class="addressee"><?cs if:Notice.To ?><?cs var:Notice.To ?><?cs else ?><?cs var:Case.RequesterName ?><?cs /if ?> <?cs var:L.DeskNotice.Sama ?></p>
<p class="sender"><?cs var:Case.AgencyHead ?></p>
<h1><?cs var:Page.Title ?></h1>
<?cs call:notice_body() ?>
<?cs if:Notice.Kyoji == 1 ?><?cs include:"notice-kyoji.cs" ?><?cs /if ?>
<p class="contact"><?cs var:L.DeskNotice.Contact ?>: <?cs var:City.Office.Name ?> <?cs var:City.Office.Phone ?></p>
</main>
</body>
</html>
