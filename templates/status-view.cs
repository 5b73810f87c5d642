<?cs set:Page.Title = L.View.Title ?>
<?cs # A space between words in English; none in Japanese. ?>
<?cs def:sp() ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs /def ?>
<?cs # A fee's lines, unit price × count = amount: the request's (Fee) and, APPI Art. 84, the rest's (RestFee). ?>
<?cs def:fee_lines(F) ?><?cs if:F.Mono ?><tr data-fee-line="mono"><td><?cs var:L.View.FeeMono ?></td><td><?cs if:F.MonoUnit ?><?cs var:F.MonoUnit ?><?cs call:sp() ?><?cs var:L.View.Yen ?><?cs /if ?></td><td><?cs var:L.View.Times ?><?cs var:F.Mono ?><?cs call:sp() ?><?cs var:L.View.FeePages ?></td><td class="num"><?cs if:F.MonoYen ?><?cs var:F.MonoYen ?><?cs call:sp() ?><?cs var:L.View.Yen ?><?cs /if ?></td></tr><?cs /if ?>
<?cs if:F.Colour ?><tr data-fee-line="colour"><td><?cs var:L.View.FeeColour ?></td><td><?cs if:F.ColourUnit ?><?cs var:F.ColourUnit ?><?cs call:sp() ?><?cs var:L.View.Yen ?><?cs /if ?></td><td><?cs var:L.View.Times ?><?cs var:F.Colour ?><?cs call:sp() ?><?cs var:L.View.FeePages ?></td><td class="num"><?cs if:F.ColourYen ?><?cs var:F.ColourYen ?><?cs call:sp() ?><?cs var:L.View.Yen ?><?cs /if ?></td></tr><?cs /if ?>
<?cs each:m = F.Media ?><tr data-fee-line="media"><td><?cs var:m.Name ?></td><td><?cs if:m.Unit ?><?cs var:m.Unit ?><?cs call:sp() ?><?cs var:L.View.Yen ?><?cs /if ?></td><td><?cs var:L.View.Times ?><?cs var:m.Units ?><?cs call:sp() ?><?cs var:L.View.FeeUnits ?></td><td class="num"><?cs var:m.Yen ?><?cs call:sp() ?><?cs var:L.View.Yen ?></td></tr>
<?cs /each ?>
<?cs if:F.Postage ?><tr data-fee-line="postage"><td><?cs var:L.View.FeePostage ?></td><td></td><td></td><td class="num"><?cs var:F.Postage ?><?cs call:sp() ?><?cs var:L.View.Yen ?></td></tr><?cs /if ?>
<?cs /def ?>
<?cs # A part's fee once set (F: Fee, or RestFee for the rest, APPI Art. 84), one block for both parts so they cannot drift:
   the ways to pay while due, then paid, waived or refunded. pre: the ids' prefix ("" or "rest-"); part: pay/start's part;
   how: the part's way of disclosure so far ("mail", "counter" or "": not chosen), counter not offered when by post
   (issue 23 item 14); done: the part is disclosed; choose: the paid state's next step while nothing is chosen. ?>
<?cs # mailonly: the decision offered copies by post only, so the fee is
    not paid at the counter, even before the method is chosen ?>
<?cs def:fee_state(pre, part, F, how, done, choose, mailonly) ?>
<?cs if:F.State == "due" ?>
<p><?cs var:L.View.FeeDue ?></p>
<?cs # profiles (issue 15): paid in advance and its exception (Bibai's rules, art. 15(2)) ?>
<?cs if:City.Fee.PrepayException ?><p class="note" id="<?cs var:pre ?>prepay"><?cs var:L.View.Prepay ?><?cs if:Site.Lang == "en" && City.Fee.PrepayExceptionEn ?><?cs var:City.Fee.PrepayExceptionEn ?><?cs else ?><?cs var:City.Fee.PrepayException ?><?cs /if ?></p><?cs /if ?>
<?cs if:F.Online ?>
<form method="post" action="<?cs var:Site.BasePath ?>/pay/start" id="<?cs var:pre ?>pay-online">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<?cs if:part == "rest" ?><input type="hidden" name="part" value="rest"><?cs /if ?>
<p><button type="submit" class="button"><?cs if:part == "rest" ?><?cs var:L.View.RestPayOnline ?><?cs else ?><?cs var:L.View.PayOnline ?><?cs /if ?></button></p>
<p class="note"><?cs var:L.View.PayOnlineText ?></p>
<?cs if:Pay.Agent ?><p class="note" id="<?cs var:pre ?>pay-agent"><?cs var:L.PayAgent.Before ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:Pay.Agent ?><?cs var:L.PayAgent.After ?><?cs if:Pay.AgentNotice ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:L.PayAgent.Notice ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:Pay.AgentNotice ?><?cs var:L.PayAgent.NoticeEnd ?><?cs /if ?></p><?cs /if ?>
<?cs if:Pay.OnlineNote ?><p class="note" id="<?cs var:pre ?>pay-online-note"><?cs var:Pay.OnlineNote ?></p><?cs /if ?>
</form>
<?cs if:subcount(Pay.Ways) > 0 ?><h3><?cs var:L.View.PayOtherTitle ?></h3><?cs /if ?>
<?cs /if ?>
<ul id="<?cs var:pre ?>pay-ways">
<?cs # profiles (issue 15): paying through the prefecture's e-application system (Toyota) ?>
<?cs if:Pay.EApp.Url ?><li data-way="e_application" id="<?cs var:pre ?>pay-e-application"><strong><?cs var:L.PayWay.e_application ?></strong><br><a href="<?cs var:Pay.EApp.Url ?>"><?cs var:Pay.EApp.Name ?></a><?cs if:Pay.EApp.Select ?><br><?cs var:L.View.EAppSelect ?><?cs var:Pay.EApp.Select ?><?cs /if ?><br><?cs var:L.View.EAppAmount ?><?cs var:F.Amount ?> <?cs var:L.View.Yen ?><?cs if:Pay.EApp.Note ?><br><?cs var:Pay.EApp.Note ?><?cs /if ?></li><?cs /if ?>
<?cs each:w = Pay.Ways ?><?cs if:!(w.Key == "counter" && (how == "mail" || mailonly)) ?><li data-way="<?cs var:w.Key ?>"><strong><?cs var:L.PayWay[w.Key] ?></strong><?cs if:w.Note ?><br><?cs var:w.Note ?><?cs /if ?><?cs if:w.Key == "bank_slip" && Pay.BankSlipDays ?><br><?cs var:L.View.PayBankSlipDaysBefore ?> <?cs var:Pay.BankSlipDays ?> <?cs var:L.View.PayBankSlipDaysAfter ?><?cs /if ?></li><?cs /if ?>
<?cs /each ?></ul>
<?cs elif:F.State == "paid" ?>
<p class="success" id="<?cs var:pre ?>fee-paid"><?cs var:L.View.FeePaid ?><?cs if:F.PaidOn ?> <?cs var:L.View.FeePaidOn ?>: <?cs var:F.PaidOn ?><?cs /if ?><?cs if:F.PaidVia ?> / <?cs var:L.View.FeePaidVia ?>: <?cs if:L.Via[F.PaidVia] ?><?cs var:L.Via[F.PaidVia] ?><?cs else ?><?cs var:F.PaidVia ?><?cs /if ?><?cs /if ?></p>
<?cs if:!done ?><p id="<?cs var:pre ?>fee-next"><?cs if:how == "mail" ?><?cs var:L.View.NextMail ?><?cs elif:how == "counter" ?><?cs var:L.View.NextCounter ?><?cs else ?><?cs var:choose ?><?cs /if ?></p><?cs /if ?>
<?cs elif:F.State == "waived" ?>
<p><?cs var:L.View.FeeWaived ?></p>
<?cs elif:F.State == "refunded" ?>
<p><?cs var:L.View.FeeRefunded ?></p>
<?cs /if ?>
<?cs /def ?>
<?cs set:Page.Parent = L.Status.Title ?>
<?cs set:Page.ParentPath = "/status" ?>
<?cs def:content() ?>
<h1><?cs var:L.View.Title ?></h1>
<dl id="summary">
<dt><?cs var:L.View.Ref ?></dt><dd><?cs var:Case.Ref ?></dd>
<dt><?cs var:L.View.Kind ?></dt><dd><?cs if:Case.KindName ?><?cs var:Case.KindName ?><?cs else ?><?cs var:Case.Kind ?><?cs /if ?></dd>
<dt><?cs var:L.View.Agency ?></dt><dd><?cs var:Case.Agency ?></dd>
<dt><?cs var:L.View.Received ?></dt><dd><?cs var:Case.ReceivedOn ?></dd>
<dt><?cs var:L.View.State ?></dt><dd><strong id="state" data-state="<?cs var:Case.State ?>"><?cs var:L.State[Case.State].Name ?></strong></dd>
</dl>
<div class="notice" id="state-text"><p><?cs var:L.State[Case.State].Text ?></p>
<?cs if:Case.State == "amending" && Amend.What ?><p><?cs var:L.View.AmendWhat ?>: <?cs var:Amend.What ?></p><?cs if:Amend.By ?><p><?cs var:L.View.AmendBy ?>: <span id="amend-by"><?cs var:Amend.By ?></span></p><?cs /if ?><?cs /if ?>
</div>

<?cs if:Asked.Sought ?>
<section id="asked" aria-labelledby="asked-title">
<h2 id="asked-title"><?cs var:L.View.AskedTitle ?></h2>
<dl>
<dt><?cs var:L.Request.F.sought ?></dt><dd class="pre" id="asked-sought"><?cs var:Asked.Sought ?></dd>
<?cs if:Asked.Department ?><dt><?cs var:L.Request.F.department ?></dt><dd><?cs var:Asked.Department ?></dd><?cs /if ?>
<?cs if:Asked.Wrong ?><dt><?cs var:L.Request.F.wrong ?></dt><dd class="pre"><?cs var:Asked.Wrong ?></dd><?cs /if ?>
<?cs if:Asked.ShouldBe ?><dt><?cs var:L.Request.F.should_be ?></dt><dd class="pre"><?cs var:Asked.ShouldBe ?></dd><?cs /if ?>
<?cs if:Asked.Ground ?><dt><?cs var:L.Request.F.ground ?></dt><dd><?cs if:L.Request.Ground[Asked.Ground] ?><?cs var:L.Request.Ground[Asked.Ground] ?><?cs else ?><?cs var:Asked.Ground ?><?cs /if ?></dd><?cs /if ?>
<?cs if:Asked.Stop ?><dt><?cs var:L.Request.F.stop ?></dt><dd class="pre"><?cs var:Asked.Stop ?></dd><?cs /if ?>
<?cs if:Asked.Method ?><dt><?cs var:L.Request.F.method ?></dt><dd id="asked-method"><?cs if:L.Request.Method[Asked.Method] ?><?cs var:L.Request.Method[Asked.Method] ?><?cs else ?><?cs var:Asked.Method ?><?cs /if ?><?cs if:Asked.Medium ?><?cs call:sp() ?><?cs var:L.View.Open ?><?cs var:Asked.Medium ?><?cs if:Asked.Units ?><?cs call:sp() ?><?cs var:Asked.Units ?><?cs /if ?><?cs var:L.View.Close ?><?cs /if ?></dd><?cs /if ?>
</dl>
</section>
<?cs /if ?>

<?cs # Whom to ask: the city's counter for requests (City.Office). ?>
<section id="contact" aria-labelledby="contact-title">
<h2 id="contact-title"><?cs var:L.View.ContactTitle ?></h2>
<p><?cs var:L.View.ContactText ?></p>
<dl>
<dt><?cs var:L.View.ContactOffice ?></dt><dd id="contact-office"><?cs if:Site.Lang == "en" && City.Office.NameEn ?><?cs var:City.Office.NameEn ?><?cs else ?><?cs var:City.Office.Name ?><?cs /if ?></dd>
<?cs if:City.Office.Phone ?><dt><?cs var:L.View.ContactPhone ?></dt><dd id="contact-phone"><?cs if:Site.Lang == "en" && City.Office.PhoneEn ?><?cs var:City.Office.PhoneEn ?><?cs else ?><?cs var:City.Office.Phone ?><?cs /if ?></dd><?cs /if ?>
<?cs if:City.Office.Email ?><dt><?cs var:L.View.ContactEmail ?></dt><dd><?cs var:City.Office.Email ?></dd><?cs /if ?>
<?cs if:City.Office.Address ?><dt><?cs var:L.View.ContactAddress ?></dt><dd><?cs if:City.Office.PostalCode ?><?cs var:City.Office.PostalCode ?><?cs call:sp() ?><?cs /if ?><?cs if:Site.Lang == "en" && City.Office.AddressEn ?><?cs var:City.Office.AddressEn ?><?cs else ?><?cs var:City.Office.Address ?><?cs /if ?></dd><?cs /if ?>
<?cs if:City.Office.Hours ?><dt><?cs var:L.View.ContactHours ?></dt><dd><?cs if:Site.Lang == "en" && City.Office.HoursEn ?><?cs var:City.Office.HoursEn ?><?cs else ?><?cs var:City.Office.Hours ?><?cs /if ?></dd><?cs /if ?>
</dl>
</section>

<?cs if:Case.Open ?>
<section id="due" aria-labelledby="due-title">
<h2 id="due-title"><?cs var:L.View.DueTitle ?></h2>
<?cs if:Due.Extended ?>
<p><?cs var:L.View.DueExtended ?></p>
<dl>
<dt><?cs var:L.View.DueNew ?></dt><dd id="due-on"><?cs var:Case.DueOn ?></dd>
<dt><?cs var:L.View.DuePrevious ?></dt><dd><?cs var:Due.Previous ?></dd>
<?cs if:Due.Reason ?><dt><?cs var:L.View.DueReason ?></dt><dd id="due-reason"><?cs var:Due.Reason ?></dd><?cs /if ?>
</dl>
<?cs elif:Due.Special == "by" ?>
<p><?cs var:L.View.DueSpecialLong ?></p>
<dl>
<dt><?cs var:L.View.DueBy ?></dt><dd><?cs var:Due.By ?></dd>
<?cs if:Due.Reason ?><dt><?cs var:L.View.DueReason ?></dt><dd><?cs var:Due.Reason ?></dd><?cs /if ?>
</dl>
<?cs elif:Due.Special ?>
<p><?cs var:L.View.DueSpecial ?></p>
<dl>
<dt><?cs var:L.View.DuePartBy ?></dt><dd><?cs var:Due.PartBy ?></dd>
<dt><?cs var:L.View.DueRestBy ?></dt><dd><?cs var:Due.RestBy ?></dd>
<?cs if:Due.Reason ?><dt><?cs var:L.View.DueReason ?></dt><dd><?cs var:Due.Reason ?></dd><?cs /if ?>
</dl>
<?cs else ?>
<p><?cs var:L.View.DueText ?> <strong id="due-on"><?cs var:Case.DueOn ?></strong></p>
<?cs /if ?>
</section>
<?cs /if ?>

<?cs if:Decision.Kind ?>
<section id="decision" aria-labelledby="decision-title">
<h2 id="decision-title"><?cs var:L.View.DecisionTitle ?></h2>
<dl>
<dt><?cs var:L.View.DecisionKind ?></dt><dd id="decision-kind" data-decision="<?cs var:Decision.Kind ?>"><?cs var:L.Decision[Decision.Kind] ?></dd>
<dt><?cs var:L.View.DecisionDate ?></dt><dd><?cs var:Decision.Date ?></dd>
</dl>
<?cs # APPI Art. 84: the rest of the request, pending or decided ?>
<?cs if:Rest.By || Rest.Kind ?><h3 id="rest-title"><?cs var:L.View.RestTitle ?></h3>
<?cs if:Rest.Kind ?><dl>
<dt><?cs var:L.View.RestDecision ?></dt><dd id="rest-kind" data-decision="<?cs var:Rest.Kind ?>"><?cs var:L.Decision[Rest.Kind] ?></dd>
<dt><?cs var:L.View.RestDate ?></dt><dd id="rest-date"><?cs var:Rest.Date ?></dd>
</dl><?cs else ?><p id="rest-pending"><?cs var:L.View.RestPending ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><strong><?cs var:Rest.By ?></strong></p><?cs /if ?><?cs /if ?>
<?cs if:subcount(Decision.Reasons) > 0 ?>
<h3><?cs var:L.View.ReasonsTitle ?></h3>
<div class="table-wrap"><table id="reasons">
<thead><tr><th scope="col"><?cs var:L.View.ReasonPart ?></th><th scope="col"><?cs var:L.View.ReasonGround ?></th><th scope="col"><?cs var:L.View.ReasonExplanation ?></th></tr></thead>
<tbody>
<?cs each:r = Decision.Reasons ?><tr><td><?cs var:r.Part ?></td><td><?cs if:L.Desk.Ground[r.Ground] ?><?cs var:L.Desk.Ground[r.Ground] ?><?cs else ?><?cs var:r.Ground ?><?cs /if ?></td><td><?cs var:r.Explanation ?></td></tr>
<?cs /each ?></tbody>
</table></div>
<?cs /if ?>
<?cs if:Decision.Adverse ?>
<div class="warning" id="appeal">
<h3><?cs var:L.View.AppealTitle ?></h3>
<p><?cs var:L.View.AppealBefore ?><?cs call:sp() ?><?cs var:Appeal.Months ?><?cs call:sp() ?><?cs var:L.View.AppealMonths ?><?cs call:sp() ?><?cs var:Appeal.To ?><?cs call:sp() ?><?cs var:L.View.AppealTo ?><?cs var:Appeal.Term ?><?cs var:L.View.AppealAfter ?>
<?cs var:L.View.AppealYearsBefore ?><?cs call:sp() ?><?cs var:Appeal.Years ?><?cs call:sp() ?><?cs var:L.View.AppealYearsAfter ?></p>
<?cs if:Appeal.LastDay ?><p><?cs var:L.View.AppealExampleBefore ?><?cs var:Decision.Date ?><?cs var:L.View.AppealExampleMid ?><?cs call:sp() ?><strong id="appeal-last-day"><?cs var:Appeal.LastDay ?></strong><?cs var:L.View.AppealExampleAfter ?></p><?cs /if ?>
<?cs if:Appeal.Body ?><p><?cs var:L.View.AppealBody ?><?cs call:sp() ?><?cs var:Appeal.Body ?></p><?cs /if ?>
</div>
<?cs /if ?>
</section>
<?cs /if ?>

<?cs # profiles (issue 15): the request's own method stands (Yamagata) ?>
<?cs if:Offer.NotNeeded ?><p class="notice" id="offer-not-needed"><?cs var:L.View.OfferNotNeeded ?></p><?cs /if ?>
<?cs if:Offer.Open ?>
<section id="offer" aria-labelledby="offer-title">
<h2 id="offer-title"><?cs var:L.View.OfferTitle ?></h2>
<p><?cs var:L.View.OfferText ?></p>
<p><?cs var:L.View.OfferUntil ?>: <strong id="offer-until"><?cs var:Offer.Until ?></strong></p>
<p><a class="button" href="<?cs var:Site.BasePath ?>/status/delivery"><?cs var:L.View.OfferButton ?></a></p>
<p class="note"><?cs var:L.View.OfferLate ?></p>
</section>
<?cs /if ?>

<?cs if:Delivery.Method ?>
<section id="delivery" aria-labelledby="delivery-title">
<h2 id="delivery-title"><?cs var:L.View.DeliveryTitle ?></h2>
<?cs if:Delivery.Method == "counter" ?>
<p><?cs var:L.View.DeliveryCounter ?></p>
<dl>
<dt><?cs var:L.View.DeliveryWhen ?></dt><dd id="delivery-when"><?cs var:Delivery.Slot.Date ?> <?cs var:Delivery.Slot.Time ?></dd>
<?cs if:Delivery.Place ?><dt><?cs var:L.View.DeliveryPlace ?></dt><dd><?cs var:Delivery.Place ?></dd><?cs /if ?>
</dl>
<?cs else ?>
<p id="delivery-when"><?cs var:L.View.DeliveryMail ?><?cs if:Delivery.FromRequest ?> <?cs var:L.View.DeliveryFromRequest ?><?cs /if ?></p>
<?cs /if ?>
</section>
<?cs /if ?>

<?cs if:Fee.State ?>
<section id="fee" aria-labelledby="fee-title" data-fee-state="<?cs var:Fee.State ?>">
<h2 id="fee-title"><?cs var:L.View.FeeTitle ?></h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col"><?cs var:L.View.FeeItem ?></th><th scope="col"><?cs var:L.View.FeeUnit ?></th><th scope="col"><?cs var:L.View.FeeQuantity ?></th><th scope="col"><?cs var:L.View.FeeLine ?></th></tr></thead>
<tbody>
<?cs call:fee_lines(Fee) ?>
</tbody>
<tfoot><tr><th scope="row" colspan="3"><?cs var:L.View.FeeTotal ?></th><td class="num" id="fee-total"><?cs var:Fee.Amount ?> <?cs var:L.View.Yen ?></td></tr></tfoot>
</table></div>
<?cs if:Fee.Review == 1 ?><p class="warning" id="pay-review"><?cs var:L.View.PayReview ?></p><?cs /if ?>
<?cs if:Pay.Slip.No ?><div class="notice" id="pay-slip" data-kind="<?cs var:Pay.Slip.Kind ?>">
<p><?cs var:L.View.PaySlip[Pay.Slip.Kind] ?></p>
<dl>
<?cs if:Pay.Slip.Code ?><dt><?cs var:L.View.PaySlipCode[Pay.Slip.Kind] ?></dt><dd id="pay-slip-code"><?cs var:Pay.Slip.Code ?></dd><?cs /if ?>
<dt><?cs var:L.View.PaySlipNo[Pay.Slip.Kind] ?></dt><dd id="pay-slip-no"><?cs var:Pay.Slip.No ?></dd>
<?cs if:Pay.Slip.Conf ?><dt><?cs var:L.View.PaySlipConf ?></dt><dd id="pay-slip-conf"><?cs var:Pay.Slip.Conf ?></dd><?cs /if ?>
<?cs if:Pay.Slip.Due ?><dt><?cs var:L.View.PaySlipDue ?></dt><dd id="pay-slip-due"><?cs var:Pay.Slip.Due ?></dd><?cs /if ?>
</dl></div><?cs /if ?>
<?cs if:Fee.Superseded == 1 ?><p class="notice" id="pay-superseded"><?cs var:L.View.PaySuperseded ?></p><?cs /if ?>
<?cs if:Delivery.Method ?><?cs set:Part.How = Delivery.Method ?><?cs elif:Delivery.ByMail == 1 ?><?cs set:Part.How = "mail" ?><?cs else ?><?cs set:Part.How = "" ?><?cs /if ?>
<?cs call:fee_state("", "main", Fee, Part.How, Delivered.Method || Delivered.On, L.View.NextChoose, Offer.MailOnly) ?>
</section>
<?cs /if ?>

<?cs # APPI Art. 84, 87: the rest decided later is disclosed on its own, with its own cost and payment ?>
<?cs if:RestFee.State || Rest.Choice || Rest.Delivered.On || Rest.Offer.Open || Rest.Offer.NotNeeded ?>
<section id="rest" aria-labelledby="rest-title">
<h2 id="rest-title"><?cs var:L.View.RestSectionTitle ?></h2>
<p class="note"><?cs var:L.View.RestFeeText ?></p>
<?cs if:RestFee.State ?><section id="rest-fee" aria-labelledby="rest-fee-title" data-fee-state="<?cs var:RestFee.State ?>">
<h3 id="rest-fee-title"><?cs var:L.View.RestFeeTitle ?></h3>
<div class="table-wrap"><table>
<thead><tr><th scope="col"><?cs var:L.View.FeeItem ?></th><th scope="col"><?cs var:L.View.FeeUnit ?></th><th scope="col"><?cs var:L.View.FeeQuantity ?></th><th scope="col"><?cs var:L.View.FeeLine ?></th></tr></thead>
<tbody>
<?cs call:fee_lines(RestFee) ?>
</tbody>
<tfoot><tr><th scope="row" colspan="3"><?cs var:L.View.FeeTotal ?></th><td class="num" id="rest-fee-total"><?cs var:RestFee.Amount ?> <?cs var:L.View.Yen ?></td></tr></tfoot>
</table></div>
<?cs if:RestFee.Review == 1 ?><p class="warning" id="rest-pay-review"><?cs var:L.View.PayReview ?></p><?cs /if ?>
<?cs if:RestPay.Slip.No ?><div class="notice" id="rest-pay-slip" data-kind="<?cs var:RestPay.Slip.Kind ?>">
<p><?cs var:L.View.PaySlip[RestPay.Slip.Kind] ?></p>
<dl>
<?cs if:RestPay.Slip.Code ?><dt><?cs var:L.View.PaySlipCode[RestPay.Slip.Kind] ?></dt><dd><?cs var:RestPay.Slip.Code ?></dd><?cs /if ?>
<dt><?cs var:L.View.PaySlipNo[RestPay.Slip.Kind] ?></dt><dd><?cs var:RestPay.Slip.No ?></dd>
<?cs if:RestPay.Slip.Conf ?><dt><?cs var:L.View.PaySlipConf ?></dt><dd><?cs var:RestPay.Slip.Conf ?></dd><?cs /if ?>
<?cs if:RestPay.Slip.Due ?><dt><?cs var:L.View.PaySlipDue ?></dt><dd><?cs var:RestPay.Slip.Due ?></dd><?cs /if ?>
</dl></div><?cs /if ?>
<?cs if:RestFee.Superseded == 1 ?><p class="notice" id="rest-pay-superseded"><?cs var:L.View.PaySuperseded ?></p><?cs /if ?>
<?cs if:Rest.Choice ?><?cs set:Part.RestHow = Rest.Choice ?><?cs elif:Rest.Offer.NotNeeded ?><?cs set:Part.RestHow = "mail" ?><?cs else ?><?cs set:Part.RestHow = "" ?><?cs /if ?>
<?cs call:fee_state("rest-", "rest", RestFee, Part.RestHow, Rest.Delivered.On, L.View.RestNextChoose, Rest.Offer.Mail && !Rest.Offer.Counter) ?>
</section><?cs /if ?>
<?cs # profiles (issue 15, Yamagata): by the rest's own methods, as for the part ?>
<?cs if:Rest.Offer.NotNeeded ?><p class="notice" id="rest-offer-not-needed"><?cs var:L.View.RestOfferNotNeeded ?></p><?cs /if ?>
<?cs if:Rest.Offer.Open ?>
<h3 id="rest-offer-title"><?cs var:L.View.RestOfferTitle ?></h3>
<form method="post" action="<?cs var:Site.BasePath ?>/status/delivery" id="rest-offer" aria-labelledby="rest-offer-title">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<input type="hidden" name="part" value="rest">
<fieldset><legend><?cs var:L.View.RestChoice ?></legend>
<p><?cs if:Rest.Offer.Arrived ?><?cs var:L.View.RestOfferUntilA ?><?cs var:City.Deadline.OfferDays ?><?cs call:sp() ?><?cs var:L.View.RestOfferUntilB ?><?cs else ?><?cs var:L.View.RestOfferUntilEarliest ?><?cs /if ?>: <strong id="rest-offer-until"><?cs var:Rest.Offer.Until ?></strong></p>
<?cs if:Rest.Offer.Mail ?><p><label class="option"><input type="radio" name="choice" value="mail" id="rest-offer-mail" required> <?cs var:L.View.RestChoiceMail ?></label></p><?cs /if ?>
<?cs if:Rest.Offer.Counter ?><p><label class="option"><input type="radio" name="choice" value="counter" id="rest-offer-counter" required> <?cs var:L.View.RestChoiceCounter ?></label></p>
<p class="note"><?cs var:L.View.RestOfferCounter ?></p><?cs /if ?>
</fieldset>
<p><button type="submit" class="button"><?cs var:L.View.RestOfferButton ?></button></p>
</form>
<?cs /if ?>
<?cs if:Rest.Choice || Rest.Delivered.On ?><dl>
<?cs if:Rest.Choice ?><dt><?cs var:L.View.RestChoice ?></dt><dd id="rest-choice" data-method="<?cs var:Rest.Choice ?>"><?cs if:Rest.Choice == "mail" ?><?cs var:L.View.RestChoiceMail ?><?cs else ?><?cs var:L.View.RestChoiceCounter ?><?cs /if ?></dd><?cs /if ?>
<?cs if:Rest.Delivered.On ?><dt><?cs var:L.View.RestDelivered ?></dt><dd id="rest-delivered" data-method="<?cs var:Rest.Delivered.Method ?>"><?cs if:Rest.Delivered.Method == "mail" ?><?cs var:L.View.DeliveredMail ?><?cs else ?><?cs var:L.View.DeliveredCounter ?><?cs /if ?> <?cs var:L.View.DeliveredOn ?>: <?cs var:Rest.Delivered.On ?></dd><?cs /if ?>
</dl><?cs /if ?>
</section>
<?cs /if ?>

<?cs if:Delivered.Method || Delivered.On ?>
<section id="delivered" aria-labelledby="delivered-title">
<h2 id="delivered-title"><?cs var:L.View.DeliveredTitle ?></h2>
<p><?cs if:Delivered.Method == "mail" ?><?cs var:L.View.DeliveredMail ?><?cs else ?><?cs var:L.View.DeliveredCounter ?><?cs /if ?><?cs if:Delivered.On ?> <?cs var:L.View.DeliveredOn ?>: <?cs var:Delivered.On ?><?cs /if ?></p>
</section>
<?cs /if ?>

<?cs if:CarriedOut.Yes ?>
<section id="carried-out" aria-labelledby="carried-out-title">
<h2 id="carried-out-title"><?cs var:L.View.CarriedOutTitle ?></h2>
<p><?cs var:L.View.CarriedOutText ?><?cs if:CarriedOut.On ?> <?cs var:L.View.DeliveredOn ?>: <?cs var:CarriedOut.On ?><?cs /if ?></p>
</section>
<?cs /if ?>

<?cs if:subcount(Appeals) > 0 ?>
<section id="appeals" aria-labelledby="appeals-title">
<h2 id="appeals-title"><?cs var:L.View.AppealsTitle ?></h2>
<?cs each:a = Appeals ?><dl>
<dt><?cs var:L.View.AppealReceived ?></dt><dd><?cs var:a.Received ?></dd>
<?cs if:a.Consulted ?><dt><?cs var:L.View.AppealConsulted ?></dt><dd><?cs var:a.Consulted ?></dd><?cs /if ?>
<?cs if:a.Answered ?><dt><?cs var:L.View.AppealAnswered ?></dt><dd><?cs var:a.Answered ?></dd><?cs /if ?>
<?cs if:a.Ruled ?><dt><?cs var:L.View.AppealRuled ?></dt><dd><?cs var:a.Ruled ?></dd><?cs /if ?>
<?cs if:a.Outcome ?><dt><?cs var:L.View.AppealOutcome ?></dt><dd><?cs var:a.Outcome ?></dd><?cs /if ?>
</dl>
<?cs /each ?>
</section>
<?cs /if ?>

<?cs if:Case.Open ?>
<section id="withdraw" aria-labelledby="withdraw-title">
<h2 id="withdraw-title"><?cs var:L.View.WithdrawTitle ?></h2>
<p><?cs var:L.View.WithdrawText ?></p>
<p><a class="button-secondary" href="<?cs var:Site.BasePath ?>/status/withdraw"><?cs var:L.View.WithdrawButton ?></a></p>
</section>
<?cs /if ?>

<section id="timeline" aria-labelledby="timeline-title">
<h2 id="timeline-title"><?cs var:L.View.TimelineTitle ?></h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col"><?cs var:L.View.TimelineDate ?></th><th scope="col"><?cs var:L.View.TimelineEvent ?></th></tr></thead>
<tbody>
<?cs each:e = Events ?><tr data-event="<?cs var:e.Kind ?>"><td class="nowrap"><?cs var:e.Date ?></td><td><?cs if:L.Event[e.Kind] ?><?cs var:L.Event[e.Kind] ?><?cs else ?><?cs var:e.Kind ?><?cs /if ?><?cs if:e.Decision ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:L.View.Open ?><?cs if:L.Decision[e.Decision] ?><?cs var:L.Decision[e.Decision] ?><?cs else ?><?cs var:e.Decision ?><?cs /if ?><?cs var:L.View.Close ?><?cs /if ?><?cs if:e.Kind == "extended" && e.DueOn ?>: <?cs var:e.DueOn ?><?cs /if ?><?cs if:e.Method ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:L.View.Open ?><?cs if:L.Method[e.Method] ?><?cs var:L.Method[e.Method] ?><?cs else ?><?cs var:e.Method ?><?cs /if ?><?cs var:L.View.Close ?><?cs /if ?><?cs if:e.Amount ?>: <?cs var:e.Amount ?> <?cs var:L.View.Yen ?><?cs /if ?></td></tr>
<?cs /each ?></tbody>
</table></div>
</section>

<h2><?cs var:L.Status.LostTitle ?></h2>
<p><?cs var:L.Status.Lost ?></p>
<?cs /def ?>
<?cs include:"layout.cs" ?>
