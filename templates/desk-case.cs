<?cs set:Page.Title = Case.Ref ?>
<?cs # A step's form: the next one (Case.Next) open under its heading,
   every other one folded in a <details> one click away (no script). ?>
<?cs def:open(name) ?><?cs if:name == Case.Next ?><section class="desk-step desk-next" aria-labelledby="h-<?cs var:name ?>">
<h3 id="h-<?cs var:name ?>"><?cs var:L.Desk.Case.Next ?>: <?cs var:L.Desk.Action[name] ?></h3><?cs else ?><details class="fold desk-step" id="step-<?cs var:name ?>"<?cs if:Flash.Action == name ?> open<?cs /if ?>>
<summary><?cs var:L.Desk.Action[name] ?></summary><?cs /if ?>
<form method="post" action="<?cs var:Site.BasePath ?>/desk/case/<?cs var:Case.Id ?>/<?cs var:name ?>" id="form-<?cs var:name ?>">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>"><?cs /def ?>
<?cs # Steps that cannot be undone look different and ask for a
   confirmation first (cgi-bin/desk-action.c irreversible). ?>
<?cs def:close(name) ?><p><button type="submit" class="button<?cs if:name == "decide" || name == "decide_rest" || name == "dismiss" || name == "withdraw" || name == "reissue" ?> danger<?cs /if ?>"><?cs var:L.Desk.Action[name] ?></button></p>
</form>
<?cs if:name == Case.Next ?></section><?cs else ?></details><?cs /if ?><?cs /def ?>
<?cs def:date(form, name, label, value) ?><p><label for="<?cs var:form ?>-<?cs var:name ?>"><?cs var:label ?></label>
<input type="date" class="short" id="<?cs var:form ?>-<?cs var:name ?>" name="<?cs var:name ?>" value="<?cs var:value ?>"></p><?cs /def ?>
<?cs def:text(form, name, label) ?><p><label for="<?cs var:form ?>-<?cs var:name ?>"><?cs var:label ?></label>
<textarea id="<?cs var:form ?>-<?cs var:name ?>" name="<?cs var:name ?>" rows="3"></textarea></p><?cs /def ?>
<?cs # the fee's fields, for the request (fee) and the rest (rest_fee, APPI Art. 84) ?>
<?cs def:fee_fields(form) ?>
<p><label for="<?cs var:form ?>-mono"><?cs var:L.Desk.Case.Mono ?></label><input type="number" class="short" min="0" id="<?cs var:form ?>-mono" name="mono_pages"></p>
<p><label for="<?cs var:form ?>-colour"><?cs var:L.Desk.Case.Colour ?></label><input type="number" class="short" min="0" id="<?cs var:form ?>-colour" name="colour_pages"></p>
<?cs loop:i = 1, 3, 1 ?><fieldset><legend><?cs var:L.Desk.Case.Media ?> <?cs var:i ?></legend>
<p><label for="<?cs var:form ?>-item<?cs var:i ?>"><?cs var:L.Desk.Case.Media ?></label><select id="<?cs var:form ?>-item<?cs var:i ?>" name="media_item<?cs var:i ?>"><option value=""><?cs var:L.Desk.Case.Choose ?></option>
<?cs each:f = Lists.FeeItems ?><option value="<?cs var:f.Id ?>"><?cs var:f.Name ?><?cs if:f.AtCost == 0 ?> (<?cs var:f.Yen ?>)<?cs /if ?></option><?cs /each ?></select></p>
<p><label for="<?cs var:form ?>-units<?cs var:i ?>"><?cs var:L.Desk.Case.Units ?></label><input type="number" class="short" min="1" id="<?cs var:form ?>-units<?cs var:i ?>" name="media_units<?cs var:i ?>"></p>
<p><label for="<?cs var:form ?>-yen<?cs var:i ?>"><?cs var:L.Desk.Case.AtCostYen ?></label><input type="number" class="short" min="0" id="<?cs var:form ?>-yen<?cs var:i ?>" name="media_yen<?cs var:i ?>"></p>
</fieldset><?cs /loop ?>
<?cs if:Lists.PostageAtCost == 1 ?><p><label for="<?cs var:form ?>-postage"><?cs var:L.Desk.Case.Postage ?></label><input type="number" class="short" min="0" id="<?cs var:form ?>-postage" name="postage_yen"></p><?cs /if ?>
<?cs /def ?>
<?cs def:pay_fields(form, amount) ?>
<p><label for="<?cs var:form ?>-via"><?cs var:L.Desk.Case.Via ?></label><select id="<?cs var:form ?>-via" name="via"><?cs each:p = Lists.Pay ?><option value="<?cs var:p ?>"><?cs var:L.Desk.Pay[p] ?></option><?cs /each ?></select></p>
<p><label for="<?cs var:form ?>-amount"><?cs var:L.Desk.Case.Amount ?></label><input type="number" class="short" min="0" id="<?cs var:form ?>-amount" name="amount" value="<?cs var:amount ?>"></p>
<?cs /def ?>
<?cs def:deliver_fields(form) ?>
<p><label for="<?cs var:form ?>-delivery"><?cs var:L.Desk.Case.DeliveryMethod ?></label><select id="<?cs var:form ?>-delivery" name="delivery"><option value="counter"><?cs var:L.Desk.Method.counter ?></option><option value="mail"><?cs var:L.Desk.Method.mail ?></option></select></p>
<?cs call:date(form, "on", L.Desk.Case.On, Today) ?>
<?cs /def ?>
<?cs # Open days left to a date (N > 0), due today (0) or days overdue (N < 0). ?>
<?cs def:left(n, id) ?> <span class="<?cs if:n < 0 ?>due-over<?cs elif:n <= 3 ?>due-soon<?cs else ?>due-left<?cs /if ?>" id="<?cs var:id ?>" data-left="<?cs var:n ?>"><?cs if:n < 0 ?><?cs var:0 - n ?> <?cs var:L.Desk.Case.DaysOver ?><?cs elif:n == 0 ?><?cs var:L.Desk.Case.DueToday ?><?cs else ?><?cs var:L.Desk.Case.LeftBefore ?> <?cs var:n ?> <?cs var:L.Desk.Case.LeftAfter ?><?cs /if ?></span><?cs /def ?>
<?cs # One withheld part (APPI Art. 78: a ground the body may use, from
   Lists.Grounds) with its explanation; a refused step keeps what was sent. ?>
<?cs def:withheld(act, i) ?><fieldset class="decide-part"><legend><?cs var:L.Desk.Case.WithheldPart ?> <?cs var:i ?></legend>
<div class="decide-row"><p><label for="<?cs var:act ?>-part<?cs var:i ?>"><?cs var:L.Desk.Case.Part ?></label><input type="text" id="<?cs var:act ?>-part<?cs var:i ?>" name="part<?cs var:i ?>" value="<?cs var:Posted[act]["part" + i] ?>"></p>
<p><label for="<?cs var:act ?>-ground<?cs var:i ?>"><?cs var:L.Desk.Case.Ground ?></label><select id="<?cs var:act ?>-ground<?cs var:i ?>" name="ground<?cs var:i ?>"><option value=""><?cs var:L.Desk.Case.Choose ?></option>
<?cs each:g = Lists.Grounds ?><option value="<?cs var:g ?>"<?cs if:Posted[act]["ground" + i] == g ?> selected<?cs /if ?>><?cs var:L.Desk.Ground[g] ?></option><?cs /each ?></select></p></div>
<p><label for="<?cs var:act ?>-explanation<?cs var:i ?>"><?cs var:L.Desk.Case.Explanation ?></label><textarea id="<?cs var:act ?>-explanation<?cs var:i ?>" name="explanation<?cs var:i ?>" rows="2"><?cs var:Posted[act]["explanation" + i] ?></textarea></p>
</fieldset><?cs /def ?>
<?cs def:method(act, m) ?><?cs if:Lists.Methods[m] == 1 ?><label class="option" for="<?cs var:act ?>-m-<?cs var:m ?>"><input type="checkbox" id="<?cs var:act ?>-m-<?cs var:m ?>" name="method" value="<?cs var:m ?>"<?cs if:Posted[act].method[m] ?> checked<?cs /if ?>> <?cs var:L.Desk.Method[m] ?></label><?cs /if ?><?cs /def ?>
<?cs def:slot(act, i) ?><p><label for="<?cs var:act ?>-slot<?cs var:i ?>"><?cs var:L.Desk.Case.SlotAt ?> <?cs var:i ?></label><input type="datetime-local" class="medium" id="<?cs var:act ?>-slot<?cs var:i ?>" name="slot<?cs var:i ?>" value="<?cs var:Posted[act]["slot" + i] ?>"></p><?cs /def ?>
<?cs # The decision form (APPI Art. 82), for the decision and, under
   Art. 84, for the decision on the rest (act "decide_rest": no
   dismissal, no slots). Compact for a day of decisions: the first
   withheld part and two dates in view, the others and the reason folded in <details>
   (open when a refused step sent them). Every field is in the page
   without script; where the browser has :has() (kaiji.css, .decide),
   choosing the decision hides the groups it does not take: the withheld
   parts (Art. 78, 81) unless something is withheld, the purpose of use, the
   methods and the dates (Art. 82①, 87) unless something is disclosed. ?>
<?cs def:decide_form(act) ?>
<?cs # No decision is chosen in advance; a refused step shows what was
   sent (Posted.ACTION, cgi-bin/desk-action.c keep_posted). ?>
<div class="decide">
<div class="decide-row"><p><label for="<?cs var:act ?>-decision"><?cs var:L.Desk.Case.DecisionKind ?></label><select id="<?cs var:act ?>-decision" name="decision" required aria-describedby="<?cs var:act ?>-shows">
<option value=""><?cs var:L.Desk.Case.Choose ?></option>
<?cs each:d = Lists.Decisions ?><?cs if:act == "decide" || d != "dismissed" ?><option value="<?cs var:d ?>"<?cs if:Posted[act].decision == d ?> selected<?cs /if ?>><?cs if:L.Desk.DecisionOf[Case.Kind][d] ?><?cs var:L.Desk.DecisionOf[Case.Kind][d] ?><?cs else ?><?cs var:L.Desk.Decision[d] ?><?cs /if ?></option><?cs /if ?><?cs /each ?></select></p>
<?cs if:Posted[act].decided_on ?><?cs call:date(act, "decided_on", L.Desk.Case.DecidedOn, Posted[act].decided_on) ?><?cs else ?><?cs call:date(act, "decided_on", L.Desk.Case.DecidedOn, Today) ?><?cs /if ?></div>
<p class="hint decide-shows" id="<?cs var:act ?>-shows"><?cs var:L.Desk.Case.DecideShows ?></p>
<div class="decide-groups">
<div class="decide-withheld">
<p class="hint"><?cs var:L.Desk.Case.WithheldHint ?></p>
<?cs call:withheld(act, 1) ?>
<details class="fold decide-more"<?cs if:Posted[act].part2 || Posted[act].part3 || Posted[act].part4 || Posted[act].part5 || Posted[act].ground2 || Posted[act].ground3 || Posted[act].ground4 || Posted[act].ground5 ?> open<?cs /if ?>>
<summary><?cs var:L.Desk.Case.MoreParts ?></summary>
<?cs loop:i = 2, 5, 1 ?><?cs call:withheld(act, i) ?><?cs /loop ?>
</details>
</div>
<div class="decide-discloses">
<?cs if:Case.Kind == "disclosure" ?><p><label for="<?cs var:act ?>-purpose"><?cs var:L.Desk.Case.Purpose ?><span class="hint"><?cs var:L.Desk.Case.PurposeHint ?></span></label><textarea id="<?cs var:act ?>-purpose" name="purpose" rows="2"><?cs var:Decide.Purpose ?></textarea></p><?cs /if ?>
<fieldset class="decide-methods"><legend><?cs var:L.Desk.Case.Methods ?></legend>
<?cs call:method(act, "view") ?><?cs call:method(act, "copy") ?><?cs call:method(act, "mail") ?>
</fieldset>
<?cs if:act == "decide" ?><fieldset><legend><?cs var:L.Desk.Case.Slots ?></legend><p class="hint"><?cs var:L.Desk.Case.SlotHint ?></p>
<div class="decide-row"><?cs call:slot(act, 1) ?><?cs call:slot(act, 2) ?>
<p><label for="<?cs var:act ?>-place"><?cs var:L.Desk.Case.Place ?></label><input type="text" id="<?cs var:act ?>-place" name="place" value="<?cs var:Posted[act].place ?>"></p></div>
<details class="fold decide-more"<?cs if:Posted[act].slot3 || Posted[act].slot4 ?> open<?cs /if ?>>
<summary><?cs var:L.Desk.Case.MoreSlots ?></summary>
<div class="decide-row"><?cs call:slot(act, 3) ?><?cs call:slot(act, 4) ?></div>
</details>
</fieldset><?cs /if ?>
</div>
</div>
<details class="fold decide-more decide-reason"<?cs if:Posted[act].reason || Posted[act].decision == "dismissed" ?> open<?cs /if ?>>
<summary><?cs if:act == "decide" ?><?cs var:L.Desk.Case.ReasonFold ?><?cs else ?><?cs var:L.Desk.Case.Reason ?><?cs /if ?></summary>
<p><label for="<?cs var:act ?>-reason"><?cs var:L.Desk.Case.Reason ?></label>
<textarea id="<?cs var:act ?>-reason" name="reason" rows="2"><?cs var:Posted[act].reason ?></textarea></p>
</details>
</div>
<?cs /def ?>
<?cs def:content() ?>
<?cs include:"desk-nav.cs" ?>
<h1><?cs var:Case.Ref ?> <span class="subtitle"><?cs var:Case.KindName ?></span></h1>
<?cs if:Flash.Error ?><div class="error" role="alert" id="flow-error" data-error="<?cs var:Flash.Error ?>"><p><?cs var:L.Desk.Action[Flash.Action] ?>: <?cs var:L.Desk.Err[Flash.Error] ?></p></div><?cs /if ?>

<div class="case-layout">
<div class="case-side">
<h2 id="h-summary"><?cs var:L.Desk.Case.Summary ?></h2>
<dl class="case-summary">
<dt><?cs var:L.Desk.Case.State ?></dt><dd id="case-state" data-state="<?cs var:Case.State ?>"><?cs var:L.Desk.State[Case.State] ?></dd>
<dt><?cs var:L.Desk.Case.Kind ?></dt><dd><?cs var:Case.KindName ?></dd>
<dt><?cs var:L.Desk.Case.Agency ?></dt><dd><?cs var:Case.AgencyName ?></dd>
<dt><?cs var:L.Desk.Case.Channel ?></dt><dd><?cs var:L.Desk.Channel[Case.Channel] ?></dd>
<dt><?cs var:L.Desk.Case.Received ?></dt><dd><time datetime="<?cs var:Case.ReceivedOn ?>"><?cs if:Case.ReceivedOn.Wareki ?><?cs var:Case.ReceivedOn.Wareki ?><?cs else ?><?cs var:Case.ReceivedOn ?><?cs /if ?></time></dd>
<dt><?cs var:L.Desk.Case.Due ?></dt><dd id="case-due"><time datetime="<?cs var:Case.DueOn ?>"><?cs if:Case.DueOn.Wareki ?><?cs var:Case.DueOn.Wareki ?><?cs else ?><?cs var:Case.DueOn ?><?cs /if ?></time><?cs if:Case.Left ?><?cs call:left(Case.Left, "case-left") ?><?cs /if ?></dd>
<?cs if:Case.Deadline ?><dt><?cs var:L.Desk.Case.Deadline ?></dt><dd id="case-deadline" data-what="<?cs var:Case.DeadlineWhat ?>"><?cs var:L.Desk.Case.Deadlines[Case.DeadlineWhat] ?>: <time datetime="<?cs var:Case.Deadline ?>"><?cs if:Case.Deadline.Wareki ?><?cs var:Case.Deadline.Wareki ?><?cs else ?><?cs var:Case.Deadline ?><?cs /if ?></time><?cs call:left(Case.DeadlineLeft, "case-deadline-left") ?></dd><?cs /if ?>
<?cs if:Case.ExtensionLimit ?><dt><?cs var:L.Desk.Case.ExtensionLimit ?></dt><dd><time datetime="<?cs var:Case.ExtensionLimit ?>"><?cs if:Case.ExtensionLimit.Wareki ?><?cs var:Case.ExtensionLimit.Wareki ?><?cs else ?><?cs var:Case.ExtensionLimit ?><?cs /if ?></time></dd><?cs /if ?>
<?cs if:Case.Special.RestBy ?><dt><?cs var:L.Desk.Case.Special ?></dt><dd><?cs var:L.Desk.Case.PartBy ?> <?cs var:Case.Special.PartBy ?> / <?cs var:L.Desk.Case.RestBy ?> <?cs var:Case.Special.RestBy ?></dd><?cs elif:Case.Special.PartBy ?><dt><?cs var:L.Desk.Case.Special ?></dt><dd><?cs var:L.Desk.Case.SpecialBy ?> <?cs var:Case.Special.PartBy ?></dd><?cs /if ?>
<?cs if:Case.Decision ?><dt><?cs var:L.Desk.Case.Decision ?></dt><dd id="case-decision"><?cs if:L.Desk.DecisionOf[Case.Kind][Case.Decision] ?><?cs var:L.Desk.DecisionOf[Case.Kind][Case.Decision] ?><?cs else ?><?cs var:L.Desk.Decision[Case.Decision] ?><?cs /if ?></dd>
<dt><?cs var:L.Desk.Case.DecidedOn ?></dt><dd><time datetime="<?cs var:Case.DecidedOn ?>"><?cs if:Case.DecidedOn.Wareki ?><?cs var:Case.DecidedOn.Wareki ?><?cs else ?><?cs var:Case.DecidedOn ?><?cs /if ?></time></dd><?cs /if ?>
<?cs if:Case.Rest.Decision ?><dt><?cs var:L.Desk.Case.RestDecision ?></dt><dd id="case-rest-decision" data-decision="<?cs var:Case.Rest.Decision ?>"><?cs var:L.Desk.Decision[Case.Rest.Decision] ?></dd>
<dt><?cs var:L.Desk.Case.RestDecidedOn ?></dt><dd><?cs if:Case.Rest.DecidedOn.Wareki ?><?cs var:Case.Rest.DecidedOn.Wareki ?><?cs else ?><?cs var:Case.Rest.DecidedOn ?><?cs /if ?></dd><?cs /if ?>
<?cs if:Case.OfferUntil ?><dt><?cs if:Case.OfferArrived == 1 ?><?cs var:L.Desk.Case.OfferUntilArrived ?><?cs else ?><?cs var:L.Desk.Case.OfferUntil ?><?cs /if ?></dt><dd id="case-offer-until"><time datetime="<?cs var:Case.OfferUntil ?>"><?cs if:Case.OfferUntil.Wareki ?><?cs var:Case.OfferUntil.Wareki ?><?cs else ?><?cs var:Case.OfferUntil ?><?cs /if ?></time><?cs if:Case.OfferArrived == 1 ?> <span id="case-offer-from"><?cs var:L.DeskNotice.ParenOpen ?><?cs var:L.Desk.Case.OfferFrom ?> <time datetime="<?cs var:Case.OfferFrom ?>"><?cs if:Case.OfferFrom.Wareki ?><?cs var:Case.OfferFrom.Wareki ?><?cs else ?><?cs var:Case.OfferFrom ?><?cs /if ?></time><?cs if:Case.OfferAssumed == 1 ?> <?cs var:L.Desk.Case.OfferAssumed ?><?cs /if ?><?cs var:L.DeskNotice.ParenClose ?></span><?cs /if ?></dd><?cs /if ?>
<?cs if:Case.EarliestDisclosure ?><dt><?cs var:L.Desk.Case.Earliest ?></dt><dd id="case-earliest"><time datetime="<?cs var:Case.EarliestDisclosure ?>"><?cs if:Case.EarliestDisclosure.Wareki ?><?cs var:Case.EarliestDisclosure.Wareki ?><?cs else ?><?cs var:Case.EarliestDisclosure ?><?cs /if ?></time></dd><?cs /if ?>
<?cs if:Case.Data.sought ?><dt><?cs var:L.Desk.Case.Sought ?></dt><dd><?cs var:Case.Data.sought ?></dd><?cs /if ?>
<?cs if:Case.Data.correction.wrong ?><dt><?cs var:L.Desk.Case.Wrong ?></dt><dd><?cs var:Case.Data.correction.wrong ?></dd>
<dt><?cs var:L.Desk.Case.ShouldBe ?></dt><dd><?cs var:Case.Data.correction.should_be ?></dd><?cs /if ?>
<?cs if:Case.Data.delivery.method ?><dt><?cs var:L.Desk.Case.Delivery ?></dt><dd id="case-asked-delivery"><?cs if:L.Request.Method[Case.Data.delivery.method] ?><?cs var:L.Request.Method[Case.Data.delivery.method] ?><?cs elif:L.Desk.Method[Case.Data.delivery.method] ?><?cs var:L.Desk.Method[Case.Data.delivery.method] ?><?cs else ?><?cs var:Case.Data.delivery.method ?><?cs /if ?><?cs if:Case.Data.delivery.medium ?> (<?cs if:City.Fee.Item[Case.Data.delivery.medium].Name ?><?cs var:City.Fee.Item[Case.Data.delivery.medium].Name ?><?cs else ?><?cs var:Case.Data.delivery.medium ?><?cs /if ?><?cs if:Case.Data.delivery.units ?> × <?cs var:Case.Data.delivery.units ?><?cs /if ?>)<?cs /if ?></dd><?cs /if ?>
</dl>

<h2 id="h-requester"><?cs var:L.Desk.Case.Requester ?></h2>
<dl class="case-summary">
<dt><?cs var:L.Desk.Case.Name ?></dt><dd><?cs var:Case.RequesterName ?></dd>
<?cs with:q = Case.Data.requester ?>
<?cs if:q.furigana ?><dt><?cs var:L.Desk.Case.Furigana ?></dt><dd><?cs var:q.furigana ?></dd><?cs /if ?>
<?cs if:q.postal ?><dt><?cs var:L.Desk.Case.Postal ?></dt><dd><?cs var:q.postal ?></dd><?cs /if ?>
<?cs if:q.address ?><dt><?cs var:L.Desk.Case.Address ?></dt><dd><?cs var:q.address ?></dd><?cs /if ?>
<?cs if:q.phone ?><dt><?cs var:L.Desk.Case.Phone ?></dt><dd><?cs var:q.phone ?></dd><?cs /if ?>
<?cs if:q.email ?><dt><?cs var:L.Desk.Case.Email ?></dt><dd><?cs var:q.email ?></dd><?cs /if ?>
<?cs /with ?>
<?cs if:Case.Data.agent.name ?><dt><?cs var:L.Desk.Case.Agent ?></dt><dd><?cs var:Case.Data.agent.name ?> (<?cs if:L.Request.Agent[Case.Data.agent.type] ?><?cs var:L.Request.Agent[Case.Data.agent.type] ?><?cs else ?><?cs var:Case.Data.agent.type ?><?cs /if ?>)</dd><?cs /if ?>
<?cs if:Case.Data.agent.reason ?><dt><?cs var:L.Request.F.agent_reason ?></dt><dd id="case-agent-reason"><?cs var:Case.Data.agent.reason ?></dd><?cs /if ?>
<?cs if:Case.Data.department ?><dt><?cs var:L.Desk.Case.Department ?></dt><dd><?cs var:Case.Data.department ?></dd><?cs /if ?>
<?cs if:Case.Data.identity.resident_record_issued_on ?><dt><?cs var:L.Desk.Case.ResidentIssued ?></dt><dd id="case-resident"><?cs var:Case.Data.identity.resident_record_issued_on ?> (<?cs var:L.Desk.Case.ResidentAgeBefore ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:Case.ResidentAge ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs var:L.Desk.Case.ResidentAgeAfter ?><?cs if:Case.ResidentMaxAge ?> / <?cs var:L.Desk.Case.ResidentLimit ?> <?cs var:Case.ResidentMaxAge ?> <?cs var:L.Desk.Case.Days ?><?cs /if ?>)<?cs if:Case.ResidentTooOld ?> <strong class="field-error"><?cs var:L.Desk.Case.ResidentTooOld ?></strong><?cs /if ?></dd><?cs /if ?>
<?cs set:checked = 0 ?><?cs each:e = Events ?><?cs if:e.Kind == "identity_checked" ?><?cs set:checked = 1 ?><?cs /if ?><?cs /each ?>
<dt><?cs var:L.Desk.Case.IdentityChecked ?></dt><dd id="case-identity" data-checked="<?cs var:checked ?>"><?cs if:checked ?><?cs var:L.Desk.Case.Yes ?><?cs else ?><?cs var:L.Desk.Case.IdentityNotYet ?><?cs /if ?></dd>
</dl>

<h2 id="h-fee"><?cs var:L.Desk.Case.Fee ?></h2>
<?cs if:Fee.State ?><dl id="fee" data-state="<?cs var:Fee.State ?>" data-amount="<?cs var:Fee.Amount ?>" class="case-summary">
<dt><?cs var:L.Desk.Case.Amount ?></dt><dd><?cs var:Fee.Amount ?></dd>
<dt><?cs var:L.Desk.Case.FeeState ?></dt><dd><?cs var:L.Desk.FeeState[Fee.State] ?><?cs if:Fee.PaidVia ?> (<?cs var:L.Desk.Pay[Fee.PaidVia] ?> <?cs var:Fee.PaidAt ?>)<?cs /if ?></dd>
</dl><?cs else ?><p><?cs var:L.Desk.Case.NoFee ?></p><?cs /if ?>
<?cs # APPI Art. 84, 87: the rest that discloses has its own fee, payment and delivery ?>
<?cs if:Case.Rest.Decision == "full" || Case.Rest.Decision == "partial" ?><h3 id="h-rest-fee"><?cs var:L.Desk.Case.RestFee ?></h3>
<p class="hint"><?cs var:L.Desk.Case.RestFeeHint ?></p>
<?cs if:RestFee.State ?><dl id="rest-fee" data-state="<?cs var:RestFee.State ?>" data-amount="<?cs var:RestFee.Amount ?>" class="case-summary">
<dt><?cs var:L.Desk.Case.Amount ?></dt><dd><?cs var:RestFee.Amount ?></dd>
<dt><?cs var:L.Desk.Case.FeeState ?></dt><dd><?cs var:L.Desk.FeeState[RestFee.State] ?><?cs if:RestFee.PaidVia ?> (<?cs var:L.Desk.Pay[RestFee.PaidVia] ?> <?cs var:RestFee.PaidAt ?>)<?cs /if ?></dd>
</dl><?cs else ?><p id="rest-no-fee"><?cs var:L.Desk.Case.RestNoFee ?></p><?cs /if ?>
<dl class="case-summary">
<?cs if:!RestChoice.0.Method && Case.Rest.OfferNotNeeded ?><dt><?cs var:L.Desk.Case.RestChoice ?></dt><dd id="rest-offer-not-needed"><?cs var:L.Desk.Case.RestOfferNotNeeded ?></dd><?cs /if ?>
<?cs if:RestChoice.0.Method ?><dt><?cs var:L.Desk.Case.RestChoice ?></dt><dd id="rest-choice"><?cs var:L.Desk.Method[RestChoice.0.Method] ?> <?cs var:RestChoice.0.At ?></dd><?cs /if ?>
<?cs if:Case.Rest.Delivered.Method ?><dt><?cs var:L.Desk.Case.RestDelivered ?></dt><dd id="rest-delivered" data-method="<?cs var:Case.Rest.Delivered.Method ?>"><?cs var:L.Desk.Method[Case.Rest.Delivered.Method] ?> <?cs var:Case.Rest.Delivered.On ?></dd><?cs /if ?>
</dl><?cs /if ?>
<details class="fold" id="mails-fold"<?cs if:Mails.Failed > 0 ?> open<?cs /if ?>><summary><?cs var:L.Desk.Mail.Title ?><?cs if:Mails.Count > 0 ?> (<?cs var:Mails.Count ?>)<?cs /if ?></summary>
<h2 id="h-mails" class="visually-hidden"><?cs var:L.Desk.Mail.Title ?></h2>
<?cs if:Mails.Failed > 0 ?><div class="warning" id="mails-failed" role="status"><p><?cs var:L.Desk.Mail.FailedText ?></p></div><?cs /if ?>
<?cs if:Mails.Count == 0 ?><p><?cs var:L.Desk.Mail.None ?></p><?cs else ?>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-mails"><table id="mails">
<thead><tr><th scope="col"><?cs var:L.Desk.Mail.At ?></th><th scope="col"><?cs var:L.Desk.Mail.To ?></th><th scope="col"><?cs var:L.Desk.Mail.What ?></th><th scope="col"><?cs var:L.Desk.Mail.State ?></th><th scope="col"><?cs var:L.Desk.Mail.SentAt ?></th></tr></thead>
<tbody><?cs each:m = Mails ?><?cs if:m.Id ?><tr id="mail-<?cs var:m.Id ?>" data-state="<?cs var:m.State ?>" data-template="<?cs var:m.Template ?>" data-recipient="<?cs var:m.Recipient ?>"><td><?cs var:m.At ?></td><td><?cs var:L.Desk.Mail.Recipient[m.Recipient] ?></td><td><?cs var:L.Mail.T[m.Template].Subject ?></td><td><?cs if:m.State == "failed" ?><strong><?cs var:L.Desk.Mail.StateName.failed ?></strong><?cs if:m.Error ?> (<?cs var:m.Error ?>)<?cs /if ?><?cs else ?><?cs var:L.Desk.Mail.StateName[m.State] ?><?cs if:m.State == "queued" && m.Attempts > 0 ?> (<?cs var:L.Desk.Mail.Attempts ?> <?cs var:m.Attempts ?>)<?cs /if ?><?cs /if ?></td><td><?cs var:m.SentAt ?></td></tr><?cs /if ?>
<?cs /each ?></tbody></table></div>
<?cs /if ?>
<?cs if:Can.Change ?><form method="post" action="<?cs var:Site.BasePath ?>/desk/case/<?cs var:Case.Id ?>/mail_address" id="form-mail_address">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>">
<p><label for="mail-address"><?cs var:L.Desk.Mail.Address ?></label>
<span class="hint" id="mail-address-hint"><?cs var:L.Desk.Mail.AddressHint ?></span>
<input type="email" id="mail-address" name="email" maxlength="254" autocomplete="off" aria-describedby="mail-address-hint" value="<?cs if:Case.Data.agent.name ?><?cs var:Case.Data.agent.email ?><?cs else ?><?cs var:Case.Data.requester.email ?><?cs /if ?>"></p>
<p><button type="submit" class="button"><?cs var:L.Desk.Mail.AddressSave ?></button></p>
</form><?cs /if ?>
</details>
</div>
<div class="case-main">
<h2 id="h-events"><?cs var:L.Desk.Case.Events ?></h2>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-events"><table id="events">
<thead><tr><th scope="col"><?cs var:L.Desk.Case.At ?></th><th scope="col"><?cs var:L.Desk.Case.Event ?></th><th scope="col"><?cs var:L.Desk.Case.Visible ?></th><th scope="col"><?cs var:L.Desk.Case.Actor ?></th><th scope="col"><?cs var:L.Desk.Case.Detail ?></th><th scope="col"><?cs var:L.Desk.Case.NoticeCol ?></th></tr></thead>
<tbody><?cs each:e = Events ?><tr data-kind="<?cs var:e.Kind ?>"><td><time datetime="<?cs var:e.AtIso ?>"><?cs var:e.At ?></time></td><td><?cs var:e.Label ?></td><td><?cs if:e.Visible == 1 ?><?cs var:L.Desk.Case.Yes ?><?cs else ?><?cs var:L.Desk.Case.No ?><?cs /if ?></td><td><?cs var:e.Actor ?></td><td><?cs var:e.Summary ?></td><td class="notices"><?cs each:n = e.Notices ?><a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:Case.Id ?>/notice/<?cs var:n ?>" data-notice="<?cs var:n ?>"><?cs var:L.Desk.Notice[n] ?></a> <?cs /each ?><?cs each:p = Provided ?><?cs if:p.Id == e.Id ?><span data-provided="<?cs var:p.Id ?>"><a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:Case.Id ?>/notice/provided?ev=<?cs var:p.Id ?>"><?cs var:L.Desk.Notice.provided ?>: <?cs var:p.To ?></a></span><?cs /if ?><?cs /each ?></td></tr>
<?cs /each ?></tbody></table></div>
<?cs if:subcount(Notices.Apart) > 0 ?><h3 id="h-notices-apart"><?cs var:L.Desk.Case.NoticesApart ?></h3>
<ul id="notices-apart"><?cs each:n = Notices.Apart ?><li><a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:Case.Id ?>/notice/<?cs var:n ?>" data-notice="<?cs var:n ?>"><?cs var:L.Desk.Notice[n] ?></a></li><?cs /each ?></ul><?cs /if ?>
<?cs # After a step the page opens here (#actions), with what was done
   just above the next step's form, the other steps folded below it. ?>
<h2 id="actions"><?cs var:L.Desk.Case.Actions ?></h2>
<?cs if:Flash.Done ?><p class="success" role="status"><?cs var:L.Desk.Done ?> <?cs var:L.Desk.Action[Flash.Done] ?></p><?cs /if ?>
<?cs if:!Can.Change ?><p><?cs var:L.Desk.Case.ReadOnly ?></p><?cs else ?>
<?cs set:Pass = 1 ?><?cs include:"desk-case-forms.cs" ?>
<?cs if:!Case.Next ?><p id="no-next"><?cs var:L.Desk.Case.NoStep ?></p><?cs /if ?>
<div class="other-steps"><?cs set:Pass = 0 ?><?cs include:"desk-case-forms.cs" ?></div>
<?cs /if ?>


<?cs if:Holds.Count > 0 ?><h2><?cs var:L.Desk.Case.Holds ?></h2>
<ul><?cs each:h = Holds ?><?cs if:h.FromOn ?><li><?cs var:L.Desk.Case.HoldFrom ?> <?cs var:h.FromOn ?> / <?cs var:L.Desk.Case.HoldTo ?> <?cs var:h.ToOn ?></li><?cs /if ?><?cs /each ?></ul><?cs /if ?>

<?cs if:ThirdParties.Count > 0 ?><h2 id="h-third-parties"><?cs var:L.Desk.Case.ThirdParties ?></h2>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-third-parties"><table>
<thead><tr><th scope="col"><?cs var:L.Desk.Case.TpName ?></th><th scope="col"><?cs var:L.Desk.Case.TpSent ?></th><th scope="col"><?cs var:L.Desk.Case.TpDue ?></th><th scope="col"><?cs var:L.Desk.Case.TpAnswered ?></th><th scope="col"><?cs var:L.Desk.Case.TpObjects ?></th><th scope="col"><?cs var:L.Desk.Notice.consult ?></th></tr></thead>
<tbody><?cs each:t = ThirdParties ?><?cs if:t.Id ?><tr><th scope="row"><?cs var:t.Name ?></th><td><?cs var:t.SentOn ?></td><td><?cs var:t.AnswerDueOn ?></td><td><?cs var:t.AnsweredOn ?></td><td><?cs if:t.Objects == 1 ?><?cs var:L.Desk.Case.Yes ?><?cs else ?><?cs var:L.Desk.Case.No ?><?cs /if ?></td>
<td><a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:Case.Id ?>/notice/consult?tp=<?cs var:t.Id ?>"><?cs var:L.Desk.Notice.consult ?></a><?cs if:t.Objects == 1 && (Case.Decision == "full" || Case.Decision == "partial") ?> <a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:Case.Id ?>/notice/tp_decided?tp=<?cs var:t.Id ?>"><?cs var:L.Desk.Notice.tp_decided ?></a><?cs /if ?></td></tr><?cs /if ?>
<?cs /each ?></tbody></table></div><?cs /if ?>

<?cs if:Reasons.Count > 0 ?><h2 id="h-reasons"><?cs var:L.Desk.Case.Reasons ?></h2>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-reasons"><table>
<thead><tr><th scope="col"><?cs var:L.Desk.Case.Part ?></th><th scope="col"><?cs var:L.Desk.Case.Ground ?></th><th scope="col"><?cs var:L.Desk.Case.Explanation ?></th></tr></thead>
<tbody><?cs each:r = Reasons ?><?cs if:r.Part ?><tr><th scope="row"><?cs var:r.Part ?></th><td><?cs var:L.Desk.Ground[r.Ground] ?></td><td><?cs var:r.Explanation ?></td></tr><?cs /if ?><?cs /each ?></tbody></table></div><?cs /if ?>

<?cs if:Case.Methods.view || Case.Methods.copy || Case.Methods.mail || Slots.Count > 0 || Choice.Count > 0 ?><h2 id="h-delivery"><?cs var:L.Desk.Case.Methods ?></h2>
<dl class="case-summary">
<?cs if:Case.Methods.view || Case.Methods.copy || Case.Methods.mail ?><dt><?cs var:L.Desk.Case.Methods ?></dt><dd><ul class="inline-list"><?cs if:Case.Methods.view == 1 ?><li><?cs var:L.Desk.Method.view ?></li><?cs /if ?><?cs if:Case.Methods.copy == 1 ?><li><?cs var:L.Desk.Method.copy ?></li><?cs /if ?><?cs if:Case.Methods.mail == 1 ?><li><?cs var:L.Desk.Method.mail ?></li><?cs /if ?></ul></dd><?cs /if ?>
<?cs if:Slots.Count > 0 ?><dt><?cs var:L.Desk.Case.Slots ?></dt><dd><ul class="inline-list"><?cs each:s = Slots ?><?cs if:s.Id ?><li><time datetime="<?cs var:s.StartsAt ?>"><?cs if:s.StartsText ?><?cs var:s.StartsText ?><?cs else ?><?cs var:s.StartsAt ?><?cs /if ?></time> <?cs var:s.Place ?></li><?cs /if ?><?cs /each ?></ul></dd><?cs /if ?>
<?cs if:Choice.Count > 0 ?><dt><?cs var:L.Desk.Case.Choice ?></dt><dd><?cs var:L.Desk.Method[Choice.0.Method] ?> <?cs var:Choice.0.Slot ?></dd><?cs /if ?>
</dl><?cs /if ?>

<?cs if:Payments.Count > 0 ?><h3 id="h-payments"><?cs var:L.Desk.Case.Payments ?></h3>
<?cs if:Payments.Review > 0 ?><div class="warning" id="payments-review" role="status"><p><?cs var:L.Desk.Case.PayReviewText ?></p></div><?cs /if ?>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-payments"><table id="payments">
<thead><tr><th scope="col"><?cs var:L.Desk.Case.PayOrder ?></th><th scope="col"><?cs var:L.Desk.Case.PayProvider ?></th><th scope="col"><?cs var:L.Desk.Case.PayState ?></th><th scope="col"><?cs var:L.Desk.Case.Amount ?></th><th scope="col"><?cs var:L.Desk.Case.PayRefunded ?></th><th scope="col"><?cs var:L.Desk.Case.PayCreated ?></th><th scope="col"><?cs var:L.Desk.Case.PayUpdated ?></th></tr></thead>
<tbody><?cs each:p = Payments ?><?cs if:p.OrderId ?><tr id="payment-<?cs var:p.OrderId ?>" data-state="<?cs var:p.State ?>" data-amount="<?cs var:p.Amount ?>" data-refunded="<?cs var:p.Refunded ?>"><th scope="row" data-part="<?cs var:p.Part ?>"><code><?cs var:p.OrderId ?></code><?cs if:p.Part == "rest" ?> (<?cs var:L.Desk.Payment.PartName.rest ?>)<?cs /if ?></th><td><?cs if:L.Desk.PayProvider[p.Provider] ?><?cs var:L.Desk.PayProvider[p.Provider] ?><?cs else ?><?cs var:p.Provider ?><?cs /if ?></td><td><?cs if:L.Desk.PayState[p.State] ?><?cs var:L.Desk.PayState[p.State] ?><?cs else ?><?cs var:p.State ?><?cs /if ?></td><td><?cs var:p.Amount ?></td><td><?cs var:p.Refunded ?></td><td><?cs var:p.CreatedAt ?></td><td><?cs var:p.UpdatedAt ?></td></tr><?cs /if ?>
<?cs /each ?></tbody></table></div>
<?cs if:Refunds.Count > 0 ?><h3 id="h-refunds"><?cs var:L.Desk.Case.Refunds ?></h3>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-refunds"><table id="refunds">
<thead><tr><th scope="col"><?cs var:L.Desk.Case.PayOrder ?></th><th scope="col"><?cs var:L.Desk.Case.RefundRef ?></th><th scope="col"><?cs var:L.Desk.Case.Amount ?></th><th scope="col"><?cs var:L.Desk.Case.PayState ?></th><th scope="col"><?cs var:L.Desk.Case.RefundSource ?></th><th scope="col"><?cs var:L.Desk.Case.PayCreated ?></th></tr></thead>
<tbody><?cs each:r = Refunds ?><?cs if:r.OrderId ?><tr data-refund-state="<?cs var:r.State ?>" data-source="<?cs var:r.Source ?>" data-amount="<?cs var:r.Amount ?>"><th scope="row"><code><?cs var:r.OrderId ?></code></th><td><code><?cs var:r.Ref ?></code></td><td><?cs var:r.Amount ?></td><td><?cs if:L.Desk.RefundState[r.State] ?><?cs var:L.Desk.RefundState[r.State] ?><?cs else ?><?cs var:r.State ?><?cs /if ?></td><td><?cs if:L.Desk.RefundSource[r.Source] ?><?cs var:L.Desk.RefundSource[r.Source] ?><?cs else ?><?cs var:r.Source ?><?cs /if ?></td><td><?cs var:r.At ?></td></tr><?cs /if ?>
<?cs /each ?></tbody></table></div><?cs /if ?>
<?cs if:Can.Change ?><?cs each:p = Payments ?><?cs if:p.Refundable == 1 ?><section class="desk-step" aria-labelledby="h-refund-<?cs var:p.OrderId ?>">
<h3 id="h-refund-<?cs var:p.OrderId ?>"><?cs var:L.Desk.Action.refund ?> (<code><?cs var:p.OrderId ?></code>)</h3>
<form method="post" action="<?cs var:Site.BasePath ?>/desk/case/<?cs var:Case.Id ?>/refund" id="form-refund-<?cs var:p.OrderId ?>" class="form-refund">
<input type="hidden" name="csrf" value="<?cs var:Csrf.Token ?>"><input type="hidden" name="order" value="<?cs var:p.OrderId ?>">
<p><label for="refund-amount-<?cs var:p.OrderId ?>"><?cs var:L.Desk.Case.RefundAmount ?></label><input type="number" class="short" min="1" max="<?cs var:p.Left ?>" id="refund-amount-<?cs var:p.OrderId ?>" name="amount" value="<?cs var:p.Left ?>"></p>
<p><label for="refund-reason-<?cs var:p.OrderId ?>"><?cs var:L.Desk.Case.RefundReason ?> <span class="req"><?cs var:L.Site.Required ?></span></label>
<span class="hint" id="refund-hint-<?cs var:p.OrderId ?>"><?cs var:L.Desk.Case.RefundHint ?></span>
<textarea id="refund-reason-<?cs var:p.OrderId ?>" name="reason" rows="2" required aria-describedby="refund-hint-<?cs var:p.OrderId ?>"></textarea></p>
<p><button type="submit" class="button"><?cs var:L.Desk.Action.refund ?></button></p>
</form>
</section><?cs /if ?><?cs /each ?><?cs /if ?>
<?cs /if ?>

<?cs if:Appeals.Count > 0 ?><h2 id="h-appeals"><?cs var:L.Desk.Case.Appeals ?></h2>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-appeals"><table>
<thead><tr><th scope="col"><?cs var:L.Desk.Case.AppealReceived ?></th><th scope="col"><?cs var:L.Desk.Case.AppealConsulted ?></th><th scope="col"><?cs var:L.Desk.Case.AppealAnswered ?></th><th scope="col"><?cs var:L.Desk.Case.AppealRuled ?></th><th scope="col"><?cs var:L.Desk.Case.Outcome ?></th></tr></thead>
<tbody><?cs each:p = Appeals ?><?cs if:p.Id ?><tr><th scope="row"><?cs var:p.ReceivedOn ?></th><td><?cs var:p.ConsultedOn ?></td><td><?cs var:p.AnsweredOn ?></td><td><?cs var:p.RuledOn ?></td><td><?cs if:p.Outcome ?><?cs var:L.Desk.Outcome[p.Outcome] ?><?cs /if ?></td></tr><?cs /if ?><?cs /each ?></tbody></table></div><?cs /if ?>

<h2 id="h-documents"><?cs var:L.Desk.Case.Documents ?></h2>
<?cs if:Documents.Count == 0 ?><p><?cs var:L.Desk.Case.NoDocuments ?></p><?cs else ?>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-documents"><table>
<thead><tr><th scope="col"><?cs var:L.Desk.Case.DocKind ?></th><th scope="col"><?cs var:L.Desk.Case.DocSize ?></th><th scope="col"><?cs var:L.Desk.Case.DocView ?></th></tr></thead>
<tbody><?cs each:d = Documents ?><?cs if:d.Id ?><tr><th scope="row"><?cs if:d.Name ?><?cs var:d.Name ?><?cs else ?><?cs var:d.Kind ?><?cs /if ?></th><td><?cs var:d.Size ?></td>
<td><?cs if:d.Purged ?><?cs var:L.Desk.Case.DocPurged ?><?cs else ?><a href="<?cs var:Site.BasePath ?>/desk/case/<?cs var:Case.Id ?>/document/<?cs var:d.Id ?>" target="_blank" rel="noopener"><?cs var:L.Desk.Case.DocView ?> (<?cs var:d.Mime ?>)</a><?cs /if ?></td></tr><?cs /if ?>
<?cs /each ?></tbody></table></div>
<?cs /if ?>

<p id="purge-note"><?cs if:Case.PurgeDay ?><?cs var:L.Desk.Case.PurgeOn ?> <?cs var:Case.PurgeDay ?><?cs else ?><?cs var:L.Desk.Case.PurgeLater ?> <?cs var:Case.RetentionDays ?> <?cs var:L.Desk.Case.Days ?><?cs /if ?></p>

</div>
</div>

<?cs /def ?>
<?cs include:"layout.cs" ?>
