<?cs set:Page.Title = L.Delivery.Title ?>
<?cs set:Page.Parent = L.View.Title ?>
<?cs set:Page.ParentPath = "/status/view" ?>
<?cs def:content() ?>
<h1><?cs var:L.Delivery.Title ?></h1>
<?cs if:Offer.Error ?><div class="error" role="alert" id="delivery-error"><p><?cs var:L.Delivery.Error ?></p></div><?cs /if ?>
<p><?cs var:L.Delivery.Intro ?></p>
<dl>
<dt><?cs var:L.View.Ref ?></dt><dd><?cs var:Case.Ref ?></dd>
<dt><?cs var:L.View.OfferUntil ?></dt><dd><?cs var:Offer.Until ?></dd>
<dt><?cs var:L.Delivery.Offered ?></dt><?cs each:m = Offer.Methods ?><dd data-offered="<?cs var:m ?>"><?cs var:L.Delivery.Method[m] ?></dd><?cs /each ?>
</dl>
<?cs if:subcount(Slots) > 0 || Offer.Mail ?>
<form method="post" action="<?cs var:Site.BasePath ?>/status/delivery">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<fieldset<?cs if:Offer.Error ?> aria-describedby="delivery-error"<?cs /if ?>>
<legend><?cs var:L.Delivery.Legend ?> <span class="req"><?cs var:L.Site.Required ?></span></legend>
<?cs each:s = Slots ?><p><label class="option"><input type="radio" name="choice" value="slot-<?cs var:s.Id ?>" required> <?cs var:L.Delivery.Counter ?> <?cs var:s.Date ?> <?cs var:s.Time ?><?cs if:s.Place ?> <?cs var:s.Place ?><?cs /if ?></label></p>
<?cs /each ?>
<?cs if:Offer.Mail ?><p><label class="option"><input type="radio" name="choice" value="mail" required> <?cs var:L.Delivery.Mail ?></label></p><?cs /if ?>
</fieldset>
<p><button type="submit" class="button"><?cs var:L.Delivery.Submit ?></button></p>
</form>
<?cs /if ?>
<?cs if:City.Disclosure.ChoiceDaysBefore > 0 && subcount(Slots) > 0 ?><p class="note" id="choice-days-before"><?cs var:L.Delivery.DaysBefore ?> <?cs var:City.Disclosure.ChoiceDaysBefore ?><?cs var:L.Delivery.DaysBeforeUnit ?></p><?cs /if ?>
<?cs # profiles (issue 15): how the disclosure is carried out, in the
   profile's words (Bibai's rules, art. 11, 12 and 13) ?>
<?cs if:City.Disclosure.Note ?><p class="note" id="disclosure-note"><?cs if:Site.Lang == "en" && City.Disclosure.NoteEn ?><?cs var:City.Disclosure.NoteEn ?><?cs else ?><?cs var:City.Disclosure.Note ?><?cs /if ?></p><?cs /if ?>
<?cs if:City.Disclosure.CopiesPerItem > 0 ?><p class="note" id="copies-per-item"><?cs var:L.Delivery.CopiesPerItem ?> <?cs var:City.Disclosure.CopiesPerItem ?><?cs var:L.Delivery.CopiesUnit ?></p><?cs /if ?>
<?cs if:Offer.Counter && subcount(Slots) == 0 ?><p class="note"><?cs var:L.Delivery.NoSlots ?></p><?cs /if ?>
<p><a href="<?cs var:Site.BasePath ?>/status/view"><?cs var:L.View.Back ?></a></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
