<?cs # The top page: this city's rules in one box (issue 23 item 8). ?><?cs include:"page-macros.cs" ?>
<div class="notice" id="city-rules">
<h2><?cs if:Site.Lang == "en" ?><?cs var:L.Pages.RulesBefore ?> <?cs call:city_name() ?><?cs else ?><?cs call:city_name() ?><?cs var:L.Pages.RulesAfter ?><?cs /if ?></h2>
<p><?cs var:L.Pages.RulesIntro ?></p>
<dl>
<dt><?cs var:L.Pages.Ways ?></dt>
<dd id="city-ways"><?cs call:ways() ?><?cs if:City.Channel.Mail == "1" && City.Channel.MailCondition ?><br><?cs var:L.Pages.MailCondition ?><?cs call:en_or(City.Channel.MailCondition, City.Channel.MailConditionEn) ?><?cs /if ?></dd>
<dt><?cs var:L.Pages.Days ?></dt>
<dd><ul id="city-days"><?cs each:k = City.Kind ?><?cs if:k.Enabled == "1" ?><li><?cs call:en_or(k.Name, k.NameEn) ?><?cs var:L.Pages.Colon ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs call:kind_days(k) ?></li><?cs /if ?><?cs /each ?></ul></dd>
<dt><?cs var:L.Pages.Costs ?></dt>
<dd id="city-costs"><?cs call:request_fee() ?><ul><?cs each:i = City.Fee.Item ?><li><?cs call:en_or(i.Name, i.NameEn) ?><?cs var:L.Pages.Colon ?><?cs if:Site.Lang == "en" ?> <?cs /if ?><?cs call:item_cost(i) ?></li><?cs /each ?><?cs if:City.Fee.Postage == "at_cost" ?><li><?cs var:L.Pages.PostageAtCost ?></li><?cs /if ?></ul></dd>
<dt><?cs var:L.Pages.PayWays ?></dt>
<dd><ul id="city-pay"><?cs each:m = City.Payment.Methods ?><li><?cs var:L.Pages.Pay[m] ?></li><?cs /each ?></ul></dd>
<dt><?cs var:L.Pages.Office ?></dt>
<dd id="city-office"><?cs call:en_or(City.Office.Name, City.Office.NameEn) ?><?cs if:City.Office.Address ?><br><?cs var:City.Office.PostalCode ?> <?cs call:en_or(City.Office.Address, City.Office.AddressEn) ?><?cs /if ?><?cs if:City.Office.Phone ?><br><?cs var:L.Pages.Phone ?> <?cs call:en_or(City.Office.Phone, City.Office.PhoneEn) ?><?cs /if ?><?cs if:City.Office.Hours ?><br><?cs var:L.Pages.Hours ?> <?cs call:en_or(City.Office.Hours, City.Office.HoursEn) ?><?cs /if ?></dd>
</dl>
<p><?cs var:L.Pages.Exact ?></p>
</div>