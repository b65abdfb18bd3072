<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Welsh interface text. Drafted by the development team; needs review by a Welsh speaker before release (see resources/translations/README.md). -->
<TS version="2.1" language="cy_GB" sourcelanguage="en_GB">
  <context>
    <name>Admin</name>
    <message>
      <source>My passphrase</source>
      <translation>Fy nghyfrinymadrodd</translation>
    </message>
    <message>
      <source>&amp;Current passphrase</source>
      <translation>Y cyfrinymadrodd p&amp;resennol</translation>
    </message>
    <message>
      <source>C&amp;hange my passphrase</source>
      <translation>&amp;Newid fy nghyfrinymadrodd</translation>
    </message>
    <message>
      <source>Change my passphrase</source>
      <translation>Newid fy nghyfrinymadrodd</translation>
    </message>
    <message>
      <source>Type your current passphrase.</source>
      <translation>Teipiwch eich cyfrinymadrodd presennol.</translation>
    </message>
    <message>
      <source>Your passphrase was changed. Use the new one from now on.</source>
      <translation>Mae eich cyfrinymadrodd wedi'i newid. Defnyddiwch yr un newydd o hyn ymlaen.</translation>
    </message>
  </context>
  <context>
    <name>Common</name>
    <message>
      <source>1 second</source>
      <translation>1 eiliad</translation>
    </message>
    <message>
      <source>{count} seconds</source>
      <translation>{count} eiliad</translation>
    </message>
    <message>
      <source>1 minute</source>
      <translation>1 munud</translation>
    </message>
    <message>
      <source>{count} minutes</source>
      <translation>{count} munud</translation>
    </message>
    <message>
      <source>1 more character needed (at least {minimum}).</source>
      <translation>Angen 1 nod arall (o leiaf {minimum}).</translation>
    </message>
    <message>
      <source>{count} more characters needed (at least {minimum}).</source>
      <translation>Angen {count} nod arall (o leiaf {minimum}).</translation>
    </message>
    <message>
      <source>Too short</source>
      <translation>Rhy fyr</translation>
    </message>
    <message>
      <source>Strong</source>
      <translation>Cryf</translation>
    </message>
    <message>
      <source>Good: long and hard to guess.</source>
      <translation>Da: hir ac anodd ei ddyfalu.</translation>
    </message>
    <message>
      <source>Good</source>
      <translation>Da</translation>
    </message>
    <message>
      <source>Another unrelated word would make it stronger.</source>
      <translation>Byddai gair arall digyswllt yn ei wneud yn gryfach.</translation>
    </message>
    <message>
      <source>Fair</source>
      <translation>Gweddol</translation>
    </message>
    <message>
      <source>Allowed, but longer is stronger: add another unrelated word or two.</source>
      <translation>Caniateir, ond mae hirach yn gryfach: ychwanegwch air neu ddau arall digyswllt.</translation>
    </message>
    <message>
      <source>At least {minimum} characters. A few unrelated words are strong and easy to remember.</source>
      <translation>O leiaf {minimum} nod. Mae ychydig eiriau digyswllt yn gryf ac yn hawdd eu cofio.</translation>
    </message>
    <message>
      <source>New passphrase</source>
      <translation>Cyfrinymadrodd newydd</translation>
    </message>
    <message>
      <source>Passphrase strength</source>
      <translation>Cryfder y cyfrinymadrodd</translation>
    </message>
    <message>
      <source>{label}, again</source>
      <translation>{label}, eto</translation>
    </message>
    <message>
      <source>Show what I type</source>
      <translation>Dangos beth rwy'n ei deipio</translation>
    </message>
    <message>
      <source>Show the passphrases as I type them</source>
      <translation>Dangos y cyfrinymadroddion wrth i mi eu teipio</translation>
    </message>
    <message>
      <source>Strength: {word}. {advice}</source>
      <translation>Cryfder: {word}. {advice}</translation>
    </message>
    <message>
      <source>The passphrase needs at least {minimum} characters.</source>
      <translation>Mae angen o leiaf {minimum} nod yn y cyfrinymadrodd.</translation>
    </message>
    <message>
      <source>The two passphrases are not the same. Type it again.</source>
      <translation>Dydy'r ddau gyfrinymadrodd ddim yr un fath. Teipiwch ef eto.</translation>
    </message>
    <message>
      <source>There is a problem</source>
      <translation>Mae problem</translation>
    </message>
    <message>
      <source>There are {count} problems</source>
      <translation>Mae {count} problem</translation>
    </message>
    <message>
      <source>Go to the problem: {message}</source>
      <translation>Ewch at y broblem: {message}</translation>
    </message>
    <message>
      <source>Error: {message}</source>
      <translation>Gwall: {message}</translation>
    </message>
  </context>
  <context>
    <name>Consent</name>
    <message>
      <source>Health details (confidential answers)</source>
      <translation>Manylion iechyd (atebion cyfrinachol)</translation>
    </message>
    <message>
      <source>Disclosable facts</source>
      <translation>Ffeithiau y gellir eu datgelu</translation>
    </message>
    <message>
      <source>Operational details (custody and escort)</source>
      <translation>Manylion gweithredol (y ddalfa a hebrwng)</translation>
    </message>
    <message>
      <source>Not asked now</source>
      <translation>Heb ofyn nawr</translation>
    </message>
    <message>
      <source>Agrees to share</source>
      <translation>Yn cytuno i rannu</translation>
    </message>
    <message>
      <source>Does not agree</source>
      <translation>Ddim yn cytuno</translation>
    </message>
    <message>
      <source>questions {codes}</source>
      <translation>cwestiynau {codes}</translation>
    </message>
    <message>
      <source>Agrees to share {what}</source>
      <translation>Yn cytuno i rannu {what}</translation>
    </message>
    <message>
      <source>nothing named</source>
      <translation>dim byd wedi'i enwi</translation>
    </message>
    <message>
      <source>Does not agree to share</source>
      <translation>Ddim yn cytuno i rannu</translation>
    </message>
    <message>
      <source>decided {when}</source>
      <translation>penderfynwyd {when}</translation>
    </message>
    <message>
      <source>capacity considered</source>
      <translation>galluedd wedi'i ystyried</translation>
    </message>
    <message>
      <source>capacity NOT considered</source>
      <translation>galluedd HEB ei ystyried</translation>
    </message>
    <message>
      <source>recorded by {user}</source>
      <translation>cofnodwyd gan {user}</translation>
    </message>
    <message>
      <source>WITHDRAWN {when}</source>
      <translation>WEDI'I DYNNU'N ÔL {when}</translation>
    </message>
    <message>
      <source>{recipient} would receive these answers:</source>
      <translation>Byddai {recipient} yn cael yr atebion hyn:</translation>
    </message>
    <message>
      <source>{recipient} would receive none of the answers themselves.</source>
      <translation>Ni fyddai {recipient} yn cael yr un o'r atebion eu hunain.</translation>
    </message>
    <message>
      <source>Only as the flag they led to:</source>
      <translation>Dim ond fel y faner a godwyd ganddynt:</translation>
    </message>
    <message>
      <source>Not shared:</source>
      <translation>Heb eu rhannu:</translation>
    </message>
    <message>
      <source>This consent would not be relied on until you record that you considered their capacity to decide.</source>
      <translation>Ni fyddai neb yn dibynnu ar y caniatâd hwn nes i chi gofnodi eich bod wedi ystyried eu galluedd i benderfynu.</translation>
    </message>
    <message>
      <source>{recipient}: {decision}</source>
      <translation>{recipient}: {decision}</translation>
    </message>
    <message>
      <source>What they agree to share with them:</source>
      <translation>Beth maen nhw'n cytuno i'w rannu gyda nhw:</translation>
    </message>
    <message>
      <source>{recipient}: share {what}</source>
      <translation>{recipient}: rhannu {what}</translation>
    </message>
    <message>
      <source>I considered their capacity to make this decision</source>
      <translation>Fe wnes i ystyried eu galluedd i wneud y penderfyniad hwn</translation>
    </message>
    <message>
      <source>{recipient}: capacity to decide was considered</source>
      <translation>{recipient}: ystyriwyd y galluedd i benderfynu</translation>
    </message>
    <message>
      <source>Capacity note (optional)</source>
      <translation>Nodyn am alluedd (dewisol)</translation>
    </message>
    <message>
      <source>{recipient}: note about capacity (optional)</source>
      <translation>{recipient}: nodyn am alluedd (dewisol)</translation>
    </message>
    <message>
      <source>Show which answers they would receive</source>
      <translation>Dangos pa atebion y bydden nhw'n eu cael</translation>
    </message>
    <message>
      <source>{recipient}: show which answers they would receive with this decision</source>
      <translation>{recipient}: dangos pa atebion y bydden nhw'n eu cael gyda'r penderfyniad hwn</translation>
    </message>
    <message>
      <source>What {recipient} would receive</source>
      <translation>Beth fyddai {recipient} yn ei gael</translation>
    </message>
    <message>
      <source>Consent: {recipient}</source>
      <translation>Caniatâd: {recipient}</translation>
    </message>
    <message>
      <source>Hide which answers they would receive</source>
      <translation>Cuddio pa atebion y bydden nhw'n eu cael</translation>
    </message>
    <message>
      <source>Recorded: {decisions}</source>
      <translation>Wedi'i gofnodi: {decisions}</translation>
    </message>
    <message>
      <source>Choose what they agree to share.</source>
      <translation>Dewiswch beth maen nhw'n cytuno i'w rannu.</translation>
    </message>
    <message>
      <source>Consent to share</source>
      <translation>Caniatâd i rannu</translation>
    </message>
    <message>
      <source>Ask the person, in words they understand, whether they agree to what they told you being shared with each of these. Health details (confidential answers) are shared only with their agreement, or where the law allows it. Record only what you asked.</source>
      <translation>Gofynnwch i'r person, mewn geiriau maen nhw'n eu deall, a ydyn nhw'n cytuno i'r hyn a ddywedon nhw wrthych gael ei rannu gyda phob un o'r rhain. Dim ond gyda'u cytundeb, neu lle mae'r gyfraith yn caniatáu, y caiff manylion iechyd (atebion cyfrinachol) eu rhannu. Cofnodwch dim ond yr hyn a ofynnoch.</translation>
    </message>
    <message>
      <source>&amp;Continue to finalise</source>
      <translation>&amp;Cofnodi a mynd ymlaen i derfynu</translation>
    </message>
    <message>
      <source>Record these decisions and continue to finalise (Alt+C)</source>
      <translation>Cofnodi'r penderfyniadau hyn a mynd ymlaen i derfynu (Alt+C)</translation>
    </message>
    <message>
      <source>&amp;Back to check answers</source>
      <translation>Yn ôl i wirio'r ateb&amp;ion</translation>
    </message>
    <message>
      <source>Back to check answers (Alt+B)</source>
      <translation>Yn ôl i wirio'r atebion (Alt+I)</translation>
    </message>
    <message>
      <source>{recipient}: {problem}</source>
      <translation>{recipient}: {problem}</translation>
    </message>
    <message>
      <source>Nothing was recorded yet: correct the problem shown.</source>
      <translation>Does dim wedi'i gofnodi eto: cywirwch y broblem a ddangosir.</translation>
    </message>
    <message>
      <source>Recording…</source>
      <translation>Yn cofnodi…</translation>
    </message>
    <message>
      <source>Consent decisions recorded.</source>
      <translation>Penderfyniadau caniatâd wedi'u cofnodi.</translation>
    </message>
    <message>
      <source>Not recorded: {reason}</source>
      <translation>Heb ei gofnodi: {reason}</translation>
    </message>
  </context>
  <context>
    <name>Dialogs</name>
    <message>
      <source>Cancel</source>
      <translation>Canslo</translation>
    </message>
    <message>
      <source>Your &amp;passphrase</source>
      <translation>Eich &amp;cyfrinymadrodd</translation>
    </message>
    <message>
      <source>Your passphrase</source>
      <translation>Eich cyfrinymadrodd</translation>
    </message>
    <message>
      <source>The passphrase you log in with. It signs the screening as yours.</source>
      <translation>Y cyfrinymadrodd rydych chi'n mewngofnodi ag ef. Mae'n llofnodi'r sgrinio fel eich un chi.</translation>
    </message>
    <message>
      <source>Type your passphrase.</source>
      <translation>Teipiwch eich cyfrinymadrodd.</translation>
    </message>
    <message>
      <source>Type the reason.</source>
      <translation>Teipiwch y rheswm.</translation>
    </message>
    <message>
      <source>Keep it to {limit} characters or fewer (it has {count}).</source>
      <translation>Cadwch ef i {limit} nod neu lai (mae ganddo {count}).</translation>
    </message>
  </context>
  <context>
    <name>Editors</name>
    <message>
      <source>{question}: option {index} of {total}, {label}</source>
      <translation>{question}: dewis {index} o {total}, {label}</translation>
    </message>
    <message>
      <source>Press {index} to choose</source>
      <translation>Pwyswch {index} i ddewis</translation>
    </message>
    <message>
      <source>Type a whole number, for example 3.</source>
      <translation>Teipiwch rif cyfan, er enghraifft 3.</translation>
    </message>
    <message>
      <source>Type a number, for example 2.5.</source>
      <translation>Teipiwch rif, er enghraifft 2.5.</translation>
    </message>
    <message>
      <source>Type the date as dd/mm/yyyy, for example 05/03/1990.</source>
      <translation>Teipiwch y dyddiad fel dd/mm/bbbb, er enghraifft 05/03/1990.</translation>
    </message>
    <message>
      <source>Type the year in full, for example 1990.</source>
      <translation>Teipiwch y flwyddyn yn llawn, er enghraifft 1990.</translation>
    </message>
    <message>
      <source>The month must be between 1 and 12.</source>
      <translation>Rhaid i'r mis fod rhwng 1 a 12.</translation>
    </message>
    <message>
      <source>That day does not exist in that month.</source>
      <translation>Dydy'r diwrnod hwnnw ddim yn bodoli yn y mis hwnnw.</translation>
    </message>
    <message>
      <source>Type the time as hh:mm (24-hour clock), for example 14:30.</source>
      <translation>Teipiwch yr amser fel aa:mm (cloc 24 awr), er enghraifft 14:30.</translation>
    </message>
    <message>
      <source>Now</source>
      <translation>Nawr</translation>
    </message>
    <message>
      <source>Type both the date and the time.</source>
      <translation>Teipiwch y dyddiad a'r amser.</translation>
    </message>
    <message>
      <source>{question}: date (dd/mm/yyyy)</source>
      <translation>{question}: dyddiad (dd/mm/bbbb)</translation>
    </message>
    <message>
      <source>{question}: time (hh:mm)</source>
      <translation>{question}: amser (aa:mm)</translation>
    </message>
    <message>
      <source>{question}: fill in the date and time now</source>
      <translation>{question}: llenwi'r dyddiad a'r amser nawr</translation>
    </message>
    <message>
      <source>Start typing a language or a code (e.g. pl, bfi)</source>
      <translation>Dechreuwch deipio iaith neu god (e.e. pl, bfi)</translation>
    </message>
    <message>
      <source>Type to search, or type a language code</source>
      <translation>Teipiwch i chwilio, neu teipiwch god iaith</translation>
    </message>
    <message>
      <source>Choose a language from the list, or type a language code such as pl (Polish) or bfi (British Sign Language).</source>
      <translation>Dewiswch iaith o'r rhestr, neu teipiwch god iaith fel pl (Pwyleg) neu bfi (Iaith Arwyddion Prydain).</translation>
    </message>
  </context>
  <context>
    <name>Flow</name>
    <message>
      <source>A colleague's draft</source>
      <translation>Drafft cydweithiwr</translation>
    </message>
    <message>
      <source>&amp;Take over this draft</source>
      <translation>&amp;Cymryd y drafft hwn drosodd</translation>
    </message>
    <message>
      <source>Take over this draft and continue it (Alt+T)</source>
      <translation>Cymryd y drafft hwn drosodd a'i barhau (Alt+C)</translation>
    </message>
    <message>
      <source>&amp;Back to the person's page</source>
      <translation>Yn ôl i &amp;dudalen y person</translation>
    </message>
    <message>
      <source>Back to the person's page (Alt+B)</source>
      <translation>Yn ôl i dudalen y person (Alt+D)</translation>
    </message>
    <message>
      <source>Opening the screening…</source>
      <translation>Yn agor y sgrinio…</translation>
    </message>
    <message>
      <source>Pe&amp;rson's page</source>
      <translation>Tudalen y pe&amp;rson</translation>
    </message>
    <message>
      <source>Go to the person's page (Alt+R)</source>
      <translation>Mynd i dudalen y person (Alt+R)</translation>
    </message>
    <message>
      <source>Person: {person}</source>
      <translation>Person: {person}</translation>
    </message>
    <message>
      <source>The screening could not be opened</source>
      <translation>Doedd dim modd agor y sgrinio</translation>
    </message>
    <message>
      <source>{form} for {person}, started {day} by {starter}; it belongs to {author} and was last saved {saved}.</source>
      <translation>{form} ar gyfer {person}, a ddechreuwyd {day} gan {starter}; mae'n perthyn i {author} ac fe'i cadwyd ddiwethaf {saved}.</translation>
    </message>
    <message>
      <source>If your colleague cannot finish it, you can take it over: it becomes yours to continue and finalise, they can no longer change it, and the take-over is recorded in the audit trail.</source>
      <translation>Os na all eich cydweithiwr ei orffen, gallwch ei gymryd drosodd: mae'n dod yn eiddo i chi i'w barhau a'i derfynu, allan nhw ddim ei newid mwyach, ac mae'r trosglwyddo'n cael ei gofnodi yn y trywydd archwilio.</translation>
    </message>
    <message>
      <source>Only a colleague with the same role as its author can take it over; yours is {role}. Ask them or a colleague in their role.</source>
      <translation>Dim ond cydweithiwr sydd â'r un rôl â'i awdur all ei gymryd drosodd; eich rôl chi yw {role}. Gofynnwch iddyn nhw neu i gydweithiwr yn eu rôl nhw.</translation>
    </message>
    <message>
      <source>Taking over…</source>
      <translation>Yn cymryd drosodd…</translation>
    </message>
    <message>
      <source>Not taken over: {reason}</source>
      <translation>Heb ei gymryd drosodd: {reason}</translation>
    </message>
    <message>
      <source>Discard draft</source>
      <translation>Gwaredu'r drafft</translation>
    </message>
    <message>
      <source>Discard this amendment?</source>
      <translation>Gwaredu'r diwygiad hwn?</translation>
    </message>
    <message>
      <source>Discard this draft?</source>
      <translation>Gwaredu'r drafft hwn?</translation>
    </message>
    <message>
      <source>The amendment and its answers are deleted; the finalised revision it amends stays as it is. The discarding is recorded in the audit trail. This cannot be undone.</source>
      <translation>Mae'r diwygiad a'i atebion yn cael eu dileu; mae'r fersiwn derfynol y mae'n ei diwygio yn aros fel y mae. Mae'r gwaredu'n cael ei gofnodi yn y trywydd archwilio. Does dim modd dadwneud hyn.</translation>
    </message>
    <message>
      <source>{form} for {person}: every answer in it, and any consent recorded on it, is deleted. The discarding is recorded in the audit trail. This cannot be undone.</source>
      <translation>{form} ar gyfer {person}: mae pob ateb ynddo, ac unrhyw ganiatâd a gofnodwyd arno, yn cael eu dileu. Mae'r gwaredu'n cael ei gofnodi yn y trywydd archwilio. Does dim modd dadwneud hyn.</translation>
    </message>
    <message>
      <source>&amp;Discard draft</source>
      <translation>&amp;Gwaredu'r drafft</translation>
    </message>
    <message>
      <source>&amp;Keep the draft</source>
      <translation>&amp;Cadw'r drafft</translation>
    </message>
    <message>
      <source>Discarding…</source>
      <translation>Yn gwaredu…</translation>
    </message>
    <message>
      <source>The draft was not discarded: {reason}</source>
      <translation>Chafodd y drafft mo'i waredu: {reason}</translation>
    </message>
    <message>
      <source>Some answers are not saved yet, so the screening cannot be finalised. Go back to check answers and choose “Try saving again”.</source>
      <translation>Dydy rhai atebion ddim wedi'u cadw eto, felly does dim modd terfynu'r sgrinio. Ewch yn ôl i wirio'r atebion a dewis “Ceisio cadw eto”.</translation>
    </message>
    <message>
      <source>Flags raised: {flags}.</source>
      <translation>Baneri a godwyd: {flags}.</translation>
    </message>
    <message>
      <source>No flags raised.</source>
      <translation>Dim baneri wedi'u codi.</translation>
    </message>
    <message>
      <source>Finalise screening</source>
      <translation>Terfynu'r sgrinio</translation>
    </message>
    <message>
      <source>Finalise and sign this screening</source>
      <translation>Terfynu a llofnodi'r sgrinio hwn</translation>
    </message>
    <message>
      <source>{form} for {person}.
{flags}

Finalising signs it with your passphrase. After that it cannot be changed, only amended with a reason.</source>
      <translation>{form} ar gyfer {person}.
{flags}

Mae terfynu yn ei lofnodi gyda'ch cyfrinymadrodd. Ar ôl hynny does dim modd ei newid, dim ond ei ddiwygio gyda rheswm.</translation>
    </message>
    <message>
      <source>&amp;Finalise</source>
      <translation>Ter&amp;fynu</translation>
    </message>
    <message>
      <source>Checking your passphrase and finalising…</source>
      <translation>Yn gwirio eich cyfrinymadrodd ac yn terfynu…</translation>
    </message>
    <message>
      <source>The screening was not finalised: {reason}</source>
      <translation>Chafodd y sgrinio mo'i derfynu: {reason}</translation>
    </message>
  </context>
  <context>
    <name>Home</name>
    <message>
      <source>Draft</source>
      <translation>Drafft</translation>
    </message>
    <message>
      <source>Ready to finalise</source>
      <translation>Yn barod i'w derfynu</translation>
    </message>
    <message>
      <source>Finalised</source>
      <translation>Wedi'i derfynu</translation>
    </message>
    <message>
      <source>Age in doubt</source>
      <translation>Oedran yn ansicr</translation>
    </message>
    <message>
      <source>Not known</source>
      <translation>Ddim yn hysbys</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>Person</translation>
    </message>
    <message>
      <source>Form</source>
      <translation>Ffurflen</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Statws</translation>
    </message>
    <message>
      <source>Last change</source>
      <translation>Newid diwethaf</translation>
    </message>
    <message>
      <source>Started by</source>
      <translation>Dechreuwyd gan</translation>
    </message>
    <message>
      <source>Screening date</source>
      <translation>Dyddiad sgrinio</translation>
    </message>
    <message>
      <source>By</source>
      <translation>Gan</translation>
    </message>
    <message>
      <source>Date of birth</source>
      <translation>Dyddiad geni</translation>
    </message>
    <message>
      <source>Open flags</source>
      <translation>Baneri agored</translation>
    </message>
    <message>
      <source>Screened on</source>
      <translation>Sgriniwyd ar</translation>
    </message>
    <message>
      <source>Arrow keys choose a row; Enter opens it.</source>
      <translation>Mae'r bysellau saeth yn dewis rhes; mae Enter yn ei hagor.</translation>
    </message>
    <message>
      <source>{action} (the row chosen in {list})</source>
      <translation>{action} (y rhes a ddewiswyd yn {list})</translation>
    </message>
    <message>
      <source>{title} ({count})</source>
      <translation>{title} ({count})</translation>
    </message>
    <message>
      <source>Home</source>
      <translation>Hafan</translation>
    </message>
    <message>
      <source>&amp;New screening</source>
      <translation>Sgrinio &amp;newydd</translation>
    </message>
    <message>
      <source>New screening</source>
      <translation>Sgrinio newydd</translation>
    </message>
    <message>
      <source>Find or add the person, then choose the form</source>
      <translation>Dewch o hyd i'r person neu ei ychwanegu, yna dewiswch y ffurflen</translation>
    </message>
    <message>
      <source>Start with the person: find them or add them, then choose the form. Every answer is saved as you go.</source>
      <translation>Dechreuwch gyda'r person: dewch o hyd iddyn nhw neu eu hychwanegu, yna dewiswch y ffurflen. Mae pob ateb yn cael ei gadw wrth i chi fynd.</translation>
    </message>
    <message>
      <source>My drafts</source>
      <translation>Fy nrafftiau</translation>
    </message>
    <message>
      <source>You have no drafts.</source>
      <translation>Does gennych chi ddim drafftiau.</translation>
    </message>
    <message>
      <source>&amp;Continue draft</source>
      <translation>Parhau â'r &amp;drafft</translation>
    </message>
    <message>
      <source>Drafts you may take over</source>
      <translation>Drafftiau y gallwch eu cymryd drosodd</translation>
    </message>
    <message>
      <source>No colleague's draft is waiting for someone to take it over.</source>
      <translation>Does dim drafft gan gydweithiwr yn aros i rywun ei gymryd drosodd.</translation>
    </message>
    <message>
      <source>Open and &amp;take over</source>
      <translation>Agor a &amp;chymryd drosodd</translation>
    </message>
    <message>
      <source>People with open alerts (screened in the last {days} days)</source>
      <translation>Pobl â rhybuddion agored (wedi'u sgrinio yn ystod y {days} diwrnod diwethaf)</translation>
    </message>
    <message>
      <source>No one screened in the last {days} days has an open alert.</source>
      <translation>Does gan neb a sgriniwyd yn ystod y {days} diwrnod diwethaf rybudd agored.</translation>
    </message>
    <message>
      <source>Open p&amp;erson</source>
      <translation>Agor y p&amp;erson</translation>
    </message>
    <message>
      <source>Recent screenings</source>
      <translation>Sgriniadau diweddar</translation>
    </message>
    <message>
      <source>No screenings yet.</source>
      <translation>Dim sgriniadau eto.</translation>
    </message>
    <message>
      <source>Open &amp;screening</source>
      <translation>Agor y sg&amp;rinio</translation>
    </message>
    <message>
      <source>Administrators look after the station: users, the audit trail and the settings are on the Admin page. Administrators do not open people's records.</source>
      <translation>Mae gweinyddwyr yn gofalu am yr orsaf: mae'r defnyddwyr, y trywydd archwilio a'r gosodiadau ar y dudalen Gweinyddu. Dydy gweinyddwyr ddim yn agor cofnodion pobl.</translation>
    </message>
    <message>
      <source>Go to &amp;Admin</source>
      <translation>Mynd i &amp;Weinyddu</translation>
    </message>
    <message>
      <source>Go to the Admin page</source>
      <translation>Mynd i'r dudalen Gweinyddu</translation>
    </message>
    <message>
      <source>The lists could not be loaded. {error}</source>
      <translation>Doedd dim modd llwytho'r rhestrau. {error}</translation>
    </message>
  </context>
  <context>
    <name>Lock</name>
    <message>
      <source>This station is locked</source>
      <translation>Mae'r orsaf hon wedi'i chloi</translation>
    </message>
    <message>
      <source>&amp;Passphrase</source>
      <translation>&amp;Cyfrinymadrodd</translation>
    </message>
    <message>
      <source>&amp;Unlock</source>
      <translation>&amp;Datgloi</translation>
    </message>
    <message>
      <source>Unlock and carry on where I was</source>
      <translation>Datgloi a pharhau lle roeddwn i</translation>
    </message>
    <message>
      <source>Someone else needs the station?</source>
      <translation>Oes rhywun arall angen yr orsaf?</translation>
    </message>
    <message>
      <source>Switching user closes this session. Nothing is lost: every answer was saved as it was given, and drafts stay on the station to carry on with later.</source>
      <translation>Mae newid defnyddiwr yn cau'r sesiwn hon. Does dim yn cael ei golli: cafodd pob ateb ei gadw wrth ei roi, ac mae drafftiau'n aros ar yr orsaf i'w parhau yn nes ymlaen.</translation>
    </message>
    <message>
      <source>&amp;Switch user</source>
      <translation>&amp;Newid defnyddiwr</translation>
    </message>
    <message>
      <source>Switch user: go to the login screen</source>
      <translation>Newid defnyddiwr: mynd i'r sgrin fewngofnodi</translation>
    </message>
    <message>
      <source>Locked to keep records private. {who}: type your passphrase to carry on exactly where you were.</source>
      <translation>Wedi'i chloi i gadw cofnodion yn breifat. {who}: teipiwch eich cyfrinymadrodd i barhau yn union lle roeddech chi.</translation>
    </message>
    <message>
      <source>Type your passphrase.</source>
      <translation>Teipiwch eich cyfrinymadrodd.</translation>
    </message>
    <message>
      <source>Checking your passphrase</source>
      <translation>Yn gwirio eich cyfrinymadrodd</translation>
    </message>
    <message>
      <source>Too many failed attempts. Wait {wait} and try again, or switch user and ask an administrator to reset your passphrase.</source>
      <translation>Gormod o ymdrechion aflwyddiannus. Arhoswch {wait} a rhowch gynnig arall arni, neu newidiwch ddefnyddiwr a gofyn i weinyddwr ailosod eich cyfrinymadrodd.</translation>
    </message>
    <message>
      <source>You can try again now.</source>
      <translation>Gallwch roi cynnig arall arni nawr.</translation>
    </message>
  </context>
  <context>
    <name>Login</name>
    <message>
      <source>Custody officer</source>
      <translation>Swyddog y ddalfa</translation>
    </message>
    <message>
      <source>Liaison and diversion practitioner</source>
      <translation>Ymarferydd cyswllt a dargyfeirio</translation>
    </message>
    <message>
      <source>Probation officer</source>
      <translation>Swyddog prawf</translation>
    </message>
    <message>
      <source>Supervisor</source>
      <translation>Goruchwyliwr</translation>
    </message>
    <message>
      <source>Administrator</source>
      <translation>Gweinyddwr</translation>
    </message>
    <message>
      <source>Something went wrong while opening the station ({kind}). Nothing was changed. Try again; if it keeps happening, tell IT.</source>
      <translation>Aeth rhywbeth o'i le wrth agor yr orsaf ({kind}). Chafodd dim byd ei newid. Rhowch gynnig arall arni; os yw'n dal i ddigwydd, rhowch wybod i'r adran TG.</translation>
    </message>
    <message>
      <source>Log in</source>
      <translation>Mewngofnodi</translation>
    </message>
    <message>
      <source>Opening the station</source>
      <translation>Yn agor yr orsaf</translation>
    </message>
    <message>
      <source>Choose your name, or type your user id</source>
      <translation>Dewiswch eich enw, neu teipiwch eich enw defnyddiwr</translation>
    </message>
    <message>
      <source>&amp;User</source>
      <translation>&amp;Defnyddiwr</translation>
    </message>
    <message>
      <source>Choose your name from the list, or type your user id.</source>
      <translation>Dewiswch eich enw o'r rhestr, neu teipiwch eich enw defnyddiwr.</translation>
    </message>
    <message>
      <source>&amp;Passphrase</source>
      <translation>&amp;Cyfrinymadrodd</translation>
    </message>
    <message>
      <source>Show what I type</source>
      <translation>Dangos beth rwy'n ei deipio</translation>
    </message>
    <message>
      <source>Show the passphrase as I type it</source>
      <translation>Dangos y cyfrinymadrodd wrth i mi ei deipio</translation>
    </message>
    <message>
      <source>&amp;Log in</source>
      <translation>&amp;Mewngofnodi</translation>
    </message>
    <message>
      <source>Demo accounts</source>
      <translation>Cyfrifon arddangos</translation>
    </message>
    <message>
      <source>This is a DEMO station with fictional people only. Its passphrases are public: choose an account to fill in the form.</source>
      <translation>Gorsaf ARDDANGOS yw hon gyda phobl ddychmygol yn unig. Mae ei chyfrinymadroddion yn gyhoeddus: dewiswch gyfrif i lenwi'r ffurflen.</translation>
    </message>
    <message>
      <source>Choose your own passphrase</source>
      <translation>Dewiswch eich cyfrinymadrodd eich hun</translation>
    </message>
    <message>
      <source>An administrator reset your passphrase. Choose a new one that only you know before you carry on. Nobody else, not even an administrator, will see it.</source>
      <translation>Mae gweinyddwr wedi ailosod eich cyfrinymadrodd. Dewiswch un newydd mai dim ond chi sy'n ei wybod cyn i chi barhau. Fydd neb arall, dim hyd yn oed gweinyddwr, yn ei weld.</translation>
    </message>
    <message>
      <source>&amp;Save my new passphrase</source>
      <translation>&amp;Cadw fy nghyfrinymadrodd newydd</translation>
    </message>
    <message>
      <source>Save my new passphrase</source>
      <translation>Cadw fy nghyfrinymadrodd newydd</translation>
    </message>
    <message>
      <source>&amp;Cancel and log out</source>
      <translation>C&amp;anslo ac allgofnodi</translation>
    </message>
    <message>
      <source>Cancel and log out</source>
      <translation>Canslo ac allgofnodi</translation>
    </message>
    <message>
      <source>this station</source>
      <translation>yr orsaf hon</translation>
    </message>
    <message>
      <source>{name} — DEMO station (fictional people only)</source>
      <translation>{name} — gorsaf ARDDANGOS (pobl ddychmygol yn unig)</translation>
    </message>
    <message>
      <source>{role}: {user_id}, passphrase “{passphrase}”</source>
      <translation>{role}: {user_id}, cyfrinymadrodd “{passphrase}”</translation>
    </message>
    <message>
      <source>Use</source>
      <translation>Defnyddio</translation>
    </message>
    <message>
      <source>Use the demo account {name} ({role})</source>
      <translation>Defnyddio'r cyfrif arddangos {name} ({role})</translation>
    </message>
    <message>
      <source>{who}: an administrator reset your passphrase. Choose a new one that only you know before you carry on. Nobody else, not even an administrator, will see it.</source>
      <translation>{who}: mae gweinyddwr wedi ailosod eich cyfrinymadrodd. Dewiswch un newydd mai dim ond chi sy'n ei wybod cyn i chi barhau. Fydd neb arall, dim hyd yn oed gweinyddwr, yn ei weld.</translation>
    </message>
    <message>
      <source>Choose your name, or type your user id.</source>
      <translation>Dewiswch eich enw, neu teipiwch eich enw defnyddiwr.</translation>
    </message>
    <message>
      <source>Type your passphrase.</source>
      <translation>Teipiwch eich cyfrinymadrodd.</translation>
    </message>
    <message>
      <source>Getting the forms ready</source>
      <translation>Yn paratoi'r ffurflenni</translation>
    </message>
    <message>
      <source>Checking your passphrase</source>
      <translation>Yn gwirio eich cyfrinymadrodd</translation>
    </message>
    <message>
      <source>Too many failed attempts for this user. Wait {wait} and try again, or ask an administrator to reset the passphrase.</source>
      <translation>Gormod o ymdrechion aflwyddiannus ar gyfer y defnyddiwr hwn. Arhoswch {wait} a rhowch gynnig arall arni, neu gofynnwch i weinyddwr ailosod y cyfrinymadrodd.</translation>
    </message>
    <message>
      <source>You can try again now.</source>
      <translation>Gallwch roi cynnig arall arni nawr.</translation>
    </message>
    <message>
      <source>Saving your new passphrase</source>
      <translation>Yn cadw eich cyfrinymadrodd newydd</translation>
    </message>
  </context>
  <context>
    <name>People</name>
    <message>
      <source>Something went wrong. Try again; if it keeps happening, tell your supervisor.</source>
      <translation>Aeth rhywbeth o'i le. Rhowch gynnig arall arni; os yw'n dal i ddigwydd, rhowch wybod i'ch goruchwyliwr.</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Enw</translation>
    </message>
    <message>
      <source>Date of birth</source>
      <translation>Dyddiad geni</translation>
    </message>
    <message>
      <source>Identifiers</source>
      <translation>Dynodwyr</translation>
    </message>
    <message>
      <source>Find a person</source>
      <translation>Dod o hyd i berson</translation>
    </message>
    <message>
      <source>Choose the person to screen, or create a new person record if they are not here.</source>
      <translation>Dewiswch y person i'w sgrinio, neu crëwch gofnod person newydd os nad ydyn nhw yma.</translation>
    </message>
    <message>
      <source>Search by name, date of birth (dd/mm/yyyy), PNC ID, NHS number or custody record number. Results appear as you type.</source>
      <translation>Chwiliwch yn ôl enw, dyddiad geni (dd/mm/bbbb), rhif PNC, rhif GIG neu rif cofnod y ddalfa. Mae'r canlyniadau'n ymddangos wrth i chi deipio.</translation>
    </message>
    <message>
      <source>Name, date of birth, PNC ID, NHS or custody number</source>
      <translation>Enw, dyddiad geni, rhif PNC, rhif GIG neu rif y ddalfa</translation>
    </message>
    <message>
      <source>Search people</source>
      <translation>Chwilio am bobl</translation>
    </message>
    <message>
      <source>Type a name, a date of birth, a PNC ID, an NHS number or a custody record number. Press Down to go to the results.</source>
      <translation>Teipiwch enw, dyddiad geni, rhif PNC, rhif GIG neu rif cofnod y ddalfa. Pwyswch y saeth i lawr i fynd at y canlyniadau.</translation>
    </message>
    <message>
      <source>Clear the search</source>
      <translation>Clirio'r chwiliad</translation>
    </message>
    <message>
      <source>&amp;New person</source>
      <translation>Person &amp;newydd</translation>
    </message>
    <message>
      <source>New person: create a person record (Alt+N)</source>
      <translation>Person newydd: creu cofnod person (Alt+N)</translation>
    </message>
    <message>
      <source>Select all people found</source>
      <translation>Dewis pawb a ddarganfuwyd</translation>
    </message>
    <message>
      <source>People found</source>
      <translation>Pobl a ddarganfuwyd</translation>
    </message>
    <message>
      <source>Use Up and Down to choose a person and Enter to open their record.</source>
      <translation>Defnyddiwch y saethau i fyny ac i lawr i ddewis person ac Enter i agor eu cofnod.</translation>
    </message>
    <message>
      <source>Type to search.</source>
      <translation>Teipiwch i chwilio.</translation>
    </message>
    <message>
      <source>Searching…</source>
      <translation>Yn chwilio…</translation>
    </message>
    <message>
      <source>No one found. Check the spelling or the number, try fewer letters, or create a new person.</source>
      <translation>Heb ddod o hyd i neb. Gwiriwch y sillafu neu'r rhif, rhowch gynnig ar lai o lythrennau, neu crëwch berson newydd.</translation>
    </message>
    <message>
      <source>More than {count} people found: type more to narrow the search.</source>
      <translation>Mwy na {count} o bobl wedi'u darganfod: teipiwch fwy i gyfyngu'r chwiliad.</translation>
    </message>
    <message>
      <source>1 person found.</source>
      <translation>Wedi dod o hyd i 1 person.</translation>
    </message>
    <message>
      <source>{count} people found.</source>
      <translation>Wedi dod o hyd i {count} o bobl.</translation>
    </message>
    <message>
      <source>The search did not work: {reason}</source>
      <translation>Wnaeth y chwiliad ddim gweithio: {reason}</translation>
    </message>
  </context>
  <context>
    <name>Record</name>
    <message>
      <source>Answer: {answer}</source>
      <translation>Ateb: {answer}</translation>
    </message>
    <message>
      <source>Screening</source>
      <translation>Sgrinio</translation>
    </message>
    <message>
      <source>&amp;Amend…</source>
      <translation>&amp;Diwygio…</translation>
    </message>
    <message>
      <source>Amend this screening with a reason (Alt+A)</source>
      <translation>Diwygio'r sgrinio hwn gyda rheswm (Alt+D)</translation>
    </message>
    <message>
      <source>&amp;Sign off…</source>
      <translation>Ll&amp;ofnodi…</translation>
    </message>
    <message>
      <source>Sign off this screening as supervisor (Alt+S)</source>
      <translation>Llofnodi'r sgrinio hwn fel goruchwyliwr (Alt+O)</translation>
    </message>
    <message>
      <source>D&amp;isclose…</source>
      <translation>D&amp;atgelu…</translation>
    </message>
    <message>
      <source>Disclose: make a document of this revision for one recipient (Alt+I)</source>
      <translation>Datgelu: gwneud dogfen o'r fersiwn hon ar gyfer un derbynnydd (Alt+A)</translation>
    </message>
    <message>
      <source>Not signed off by a supervisor yet.</source>
      <translation>Heb ei lofnodi gan oruchwyliwr eto.</translation>
    </message>
    <message>
      <source>Flags raised</source>
      <translation>Baneri a godwyd</translation>
    </message>
    <message>
      <source>No flags raised.</source>
      <translation>Dim baneri wedi'u codi.</translation>
    </message>
    <message>
      <source>Scores</source>
      <translation>Sgorau</translation>
    </message>
    <message>
      <source>Answers</source>
      <translation>Atebion</translation>
    </message>
    <message>
      <source>Consent to share</source>
      <translation>Caniatâd i rannu</translation>
    </message>
    <message>
      <source>No consent decisions recorded.</source>
      <translation>Dim penderfyniadau caniatâd wedi'u cofnodi.</translation>
    </message>
    <message>
      <source>Withdraw this consent…</source>
      <translation>Tynnu'r caniatâd hwn yn ôl…</translation>
    </message>
    <message>
      <source>Withdraw the consent to share with {recipient}</source>
      <translation>Tynnu'n ôl y caniatâd i rannu gyda {recipient}</translation>
    </message>
    <message>
      <source>Revisions</source>
      <translation>Fersiynau</translation>
    </message>
    <message>
      <source>Amend screening</source>
      <translation>Diwygio'r sgrinio</translation>
    </message>
    <message>
      <source>Why are you amending this screening?</source>
      <translation>Pam rydych chi'n diwygio'r sgrinio hwn?</translation>
    </message>
    <message>
      <source>Amending makes a new revision for you to change and finalise. This revision stays as it is, readable, with your reason beside the new one.</source>
      <translation>Mae diwygio yn gwneud fersiwn newydd i chi ei newid a'i therfynu. Mae'r fersiwn hon yn aros fel y mae, yn ddarllenadwy, gyda'ch rheswm wrth ymyl yr un newydd.</translation>
    </message>
    <message>
      <source>Reason for the amendment</source>
      <translation>Rheswm dros y diwygiad</translation>
    </message>
    <message>
      <source>Start the &amp;amendment</source>
      <translation>Dechrau'r &amp;diwygiad</translation>
    </message>
    <message>
      <source>Say why the screening is being amended (for example, which answer was wrong).</source>
      <translation>Dywedwch pam mae'r sgrinio'n cael ei ddiwygio (er enghraifft, pa ateb oedd yn anghywir).</translation>
    </message>
    <message>
      <source>Starting the amendment…</source>
      <translation>Yn dechrau'r diwygiad…</translation>
    </message>
    <message>
      <source>Sign off screening</source>
      <translation>Llofnodi'r sgrinio</translation>
    </message>
    <message>
      <source>Sign off this screening</source>
      <translation>Llofnodi'r sgrinio hwn</translation>
    </message>
    <message>
      <source>Your sign-off is added beside the record, with your name and the time; the record itself does not change.</source>
      <translation>Mae eich llofnod yn cael ei ychwanegu wrth ymyl y cofnod, gyda'ch enw a'r amser; dydy'r cofnod ei hun ddim yn newid.</translation>
    </message>
    <message>
      <source>Note (optional)</source>
      <translation>Nodyn (dewisol)</translation>
    </message>
    <message>
      <source>&amp;Sign off</source>
      <translation>Ll&amp;ofnodi</translation>
    </message>
    <message>
      <source>Signing off…</source>
      <translation>Yn llofnodi…</translation>
    </message>
    <message>
      <source>Withdraw consent</source>
      <translation>Tynnu caniatâd yn ôl</translation>
    </message>
    <message>
      <source>Withdraw the consent to share with {recipient}?</source>
      <translation>Tynnu'n ôl y caniatâd i rannu gyda {recipient}?</translation>
    </message>
    <message>
      <source>Record this when the person tells you they no longer agree. From now on nothing more is shared with them on this consent; what was already shared is not recalled. The withdrawal is recorded with your name and the time.</source>
      <translation>Cofnodwch hyn pan fydd y person yn dweud wrthych nad ydyn nhw'n cytuno mwyach. O hyn ymlaen does dim byd arall yn cael ei rannu gyda nhw ar sail y caniatâd hwn; dydy'r hyn a rannwyd eisoes ddim yn cael ei alw'n ôl. Mae'r tynnu'n ôl yn cael ei gofnodi gyda'ch enw a'r amser.</translation>
    </message>
    <message>
      <source>&amp;Withdraw consent</source>
      <translation>&amp;Tynnu'r caniatâd yn ôl</translation>
    </message>
    <message>
      <source>Recording the withdrawal…</source>
      <translation>Yn cofnodi'r tynnu'n ôl…</translation>
    </message>
  </context>
  <context>
    <name>Review</name>
    <message>
      <source>When it is raised: {summary}</source>
      <translation>Pryd mae'n cael ei chodi: {summary}</translation>
    </message>
    <message>
      <source>Raised because of these answers:</source>
      <translation>Wedi'i chodi oherwydd yr atebion hyn:</translation>
    </message>
    <message>
      <source>Go to question {question}</source>
      <translation>Mynd at gwestiwn {question}</translation>
    </message>
    <message>
      <source>Check answers and finish</source>
      <translation>Gwirio'r atebion a gorffen</translation>
    </message>
    <message>
      <source>&amp;Finalise screening…</source>
      <translation>Ter&amp;fynu'r sgrinio…</translation>
    </message>
    <message>
      <source>Finalise screening (Alt+F)</source>
      <translation>Terfynu'r sgrinio (Alt+F)</translation>
    </message>
    <message>
      <source>{counts}.</source>
      <translation>{counts}.</translation>
    </message>
    <message>
      <source>Still to do before you can finalise</source>
      <translation>I'w wneud cyn y gallwch derfynu</translation>
    </message>
    <message>
      <source>Flags raised</source>
      <translation>Baneri a godwyd</translation>
    </message>
    <message>
      <source>No flags raised.</source>
      <translation>Dim baneri wedi'u codi.</translation>
    </message>
    <message>
      <source>Scores</source>
      <translation>Sgorau</translation>
    </message>
    <message>
      <source>Questions the person declined to answer</source>
      <translation>Cwestiynau a wrthododd y person eu hateb</translation>
    </message>
    <message>
      <source>None.</source>
      <translation>Dim.</translation>
    </message>
    <message>
      <source>Finalising signs the screening with your passphrase. After that it cannot be changed, only amended with a reason.</source>
      <translation>Mae terfynu yn llofnodi'r sgrinio gyda'ch cyfrinymadrodd. Ar ôl hynny does dim modd ei newid, dim ond ei ddiwygio gyda rheswm.</translation>
    </message>
    <message>
      <source>You can finalise once every required question has an answer ({count} to go: see the list above).</source>
      <translation>Gallwch derfynu pan fydd ateb i bob cwestiwn gofynnol ({count} ar ôl: gweler y rhestr uchod).</translation>
    </message>
    <message>
      <source>No flags raised</source>
      <translation>Dim baneri wedi'u codi</translation>
    </message>
    <message>
      <source>1 flag raised</source>
      <translation>1 faner wedi'i chodi</translation>
    </message>
    <message>
      <source>{n} flags raised</source>
      <translation>{n} baner wedi'u codi</translation>
    </message>
    <message>
      <source>No questions still to answer</source>
      <translation>Dim cwestiynau ar ôl i'w hateb</translation>
    </message>
    <message>
      <source>1 question still to answer</source>
      <translation>1 cwestiwn ar ôl i'w ateb</translation>
    </message>
    <message>
      <source>{n} questions still to answer</source>
      <translation>{n} cwestiwn ar ôl i'w hateb</translation>
    </message>
    <message>
      <source>1 answer to correct</source>
      <translation>1 ateb i'w gywiro</translation>
    </message>
    <message>
      <source>{n} answers to correct</source>
      <translation>{n} ateb i'w cywiro</translation>
    </message>
    <message>
      <source>1 question</source>
      <translation>1 cwestiwn</translation>
    </message>
    <message>
      <source>{n} questions</source>
      <translation>{n} cwestiwn</translation>
    </message>
    <message>
      <source>{code}: {question}
Answer: {answer}</source>
      <translation>{code}: {question}
Ateb: {answer}</translation>
    </message>
    <message>
      <source>not worked out yet: some of its questions have no answer</source>
      <translation>heb ei gyfrifo eto: does dim ateb i rai o'i gwestiynau</translation>
    </message>
  </context>
  <context>
    <name>Shell</name>
    <message>
      <source>&amp;Home</source>
      <translation>&amp;Hafan</translation>
    </message>
    <message>
      <source>&amp;People</source>
      <translation>&amp;Pobl</translation>
    </message>
    <message>
      <source>A&amp;dmin</source>
      <translation>&amp;Gweinyddu</translation>
    </message>
    <message>
      <source>DEMO STATION — fictional people only. Do not enter real people's details.</source>
      <translation>GORSAF ARDDANGOS — pobl ddychmygol yn unig. Peidiwch â rhoi manylion pobl go iawn.</translation>
    </message>
    <message>
      <source>Logged in as {who}, {role}</source>
      <translation>Wedi mewngofnodi fel {who}, {role}</translation>
    </message>
    <message>
      <source>M&amp;y passphrase</source>
      <translation>F&amp;y nghyfrinymadrodd</translation>
    </message>
    <message>
      <source>Change my passphrase</source>
      <translation>Newid fy nghyfrinymadrodd</translation>
    </message>
    <message>
      <source>&amp;Lock (Ctrl+L)</source>
      <translation>C&amp;loi (Ctrl+L)</translation>
    </message>
    <message>
      <source>Lock the station now (Ctrl+L)</source>
      <translation>Cloi'r orsaf nawr (Ctrl+L)</translation>
    </message>
    <message>
      <source>{page} page</source>
      <translation>Tudalen {page}</translation>
    </message>
    <message>
      <source>Go to the {page} page</source>
      <translation>Mynd i'r dudalen {page}</translation>
    </message>
    <message>
      <source>Waypoint screening</source>
      <translation>Sgrinio Waypoint</translation>
    </message>
    <message>
      <source>Waypoint screening — DEMO</source>
      <translation>Sgrinio Waypoint — ARDDANGOS</translation>
    </message>
    <message>
      <source>People</source>
      <translation>Pobl</translation>
    </message>
    <message>
      <source>Finding and adding people comes with the screening flow, which is not in this build yet.</source>
      <translation>Mae chwilio am bobl a'u hychwanegu yn dod gyda'r llif sgrinio, sydd ddim yn y fersiwn hon eto.</translation>
    </message>
  </context>
  <context>
    <name>Wizard</name>
    <message>
      <source>Easy read: on</source>
      <translation>Hawdd ei ddeall: ymlaen</translation>
    </message>
    <message>
      <source>Easy read: off</source>
      <translation>Hawdd ei ddeall: i ffwrdd</translation>
    </message>
    <message>
      <source>This answer {problem}</source>
      <translation>Mae'r ateb hwn: {problem}</translation>
    </message>
    <message>
      <source>Your observation</source>
      <translation>Eich sylw</translation>
    </message>
    <message>
      <source>Your opinion</source>
      <translation>Eich barn</translation>
    </message>
    <message>
      <source>Optional</source>
      <translation>Dewisol</translation>
    </message>
    <message>
      <source>Follows up {codes}</source>
      <translation>Yn dilyn {codes}</translation>
    </message>
    <message>
      <source>Guidance: {text}</source>
      <translation>Canllaw: {text}</translation>
    </message>
    <message>
      <source>Read this out to the person before you start.</source>
      <translation>Darllenwch hwn yn uchel i'r person cyn i chi ddechrau.</translation>
    </message>
    <message>
      <source>When the person is ready, choose Next (Alt+N). Answers are saved as you go.</source>
      <translation>Pan fydd y person yn barod, dewiswch Nesaf (Alt+N). Mae'r atebion yn cael eu cadw wrth i chi fynd.</translation>
    </message>
    <message>
      <source>Introduction to read aloud (use the arrow keys to scroll)</source>
      <translation>Cyflwyniad i'w ddarllen yn uchel (defnyddiwch y bysellau saeth i sgrolio)</translation>
    </message>
    <message>
      <source>{form} version {version}</source>
      <translation>{form} fersiwn {version}</translation>
    </message>
    <message>
      <source>Introduction to read aloud</source>
      <translation>Cyflwyniad i'w ddarllen yn uchel</translation>
    </message>
    <message>
      <source>Translation note: {note}</source>
      <translation>Nodyn cyfieithu: {note}</translation>
    </message>
    <message>
      <source>Sections</source>
      <translation>Adrannau</translation>
    </message>
    <message>
      <source>Go to {section}, current section</source>
      <translation>Mynd i {section}, yr adran bresennol</translation>
    </message>
    <message>
      <source>Go to {section}</source>
      <translation>Mynd i {section}</translation>
    </message>
    <message>
      <source>Try saving again</source>
      <translation>Ceisio cadw eto</translation>
    </message>
    <message>
      <source>Try saving the unsaved answers again</source>
      <translation>Ceisio cadw'r atebion sydd heb eu cadw eto</translation>
    </message>
    <message>
      <source>Answers are saved as you go</source>
      <translation>Mae'r atebion yn cael eu cadw wrth i chi fynd</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Yn cadw…</translation>
    </message>
    <message>
      <source>✓ Saved</source>
      <translation>✓ Wedi'i gadw</translation>
    </message>
    <message>
      <source>Not saved: {reason}</source>
      <translation>Heb ei gadw: {reason}</translation>
    </message>
    <message>
      <source>Not saved</source>
      <translation>Heb ei gadw</translation>
    </message>
    <message>
      <source>Save status: {state}</source>
      <translation>Cyflwr cadw: {state}</translation>
    </message>
    <message>
      <source>Introduction (read aloud)</source>
      <translation>Cyflwyniad (i'w ddarllen yn uchel)</translation>
    </message>
    <message>
      <source>Check answers and finish</source>
      <translation>Gwirio'r atebion a gorffen</translation>
    </message>
    <message>
      <source>Easy read: show the questions in easy-read words</source>
      <translation>Hawdd ei ddeall: dangos y cwestiynau mewn geiriau hawdd eu deall</translation>
    </message>
    <message>
      <source>Form language: {language}</source>
      <translation>Iaith y ffurflen: {language}</translation>
    </message>
    <message>
      <source>Form language</source>
      <translation>Iaith y ffurflen</translation>
    </message>
    <message>
      <source>&amp;Display</source>
      <translation>Ar&amp;ddangos</translation>
    </message>
    <message>
      <source>Display: text size and high contrast (Alt+D)</source>
      <translation>Arddangos: maint y testun a chyferbyniad uchel (Alt+D)</translation>
    </message>
    <message>
      <source>Text size {percent}%</source>
      <translation>Maint y testun {percent}%</translation>
    </message>
    <message>
      <source>High contrast</source>
      <translation>Cyferbyniad uchel</translation>
    </message>
    <message>
      <source>Disc&amp;ard draft…</source>
      <translation>Gw&amp;aredu'r drafft…</translation>
    </message>
    <message>
      <source>Discard this draft (Alt+A): asks you to confirm first</source>
      <translation>Gwaredu'r drafft hwn (Alt+A): mae'n gofyn i chi gadarnhau yn gyntaf</translation>
    </message>
    <message>
      <source>&amp;Back</source>
      <translation>&amp;Blaenorol</translation>
    </message>
    <message>
      <source>Back to the previous section (Alt+B)</source>
      <translation>Yn ôl i'r adran flaenorol (Alt+B)</translation>
    </message>
    <message>
      <source>&amp;Next</source>
      <translation>&amp;Nesaf</translation>
    </message>
    <message>
      <source>Next section (Alt+N)</source>
      <translation>Yr adran nesaf (Alt+N)</translation>
    </message>
    <message>
      <source>&amp;Display: text {percent}%, high contrast</source>
      <translation>Ar&amp;ddangos: testun {percent}%, cyferbyniad uchel</translation>
    </message>
    <message>
      <source>&amp;Display: text {percent}%</source>
      <translation>Ar&amp;ddangos: testun {percent}%</translation>
    </message>
    <message>
      <source>{action} (Alt+N)</source>
      <translation>{action} (Alt+N)</translation>
    </message>
    <message>
      <source>This question needs an answer before the screening can be finalised.</source>
      <translation>Mae angen ateb i'r cwestiwn hwn cyn y gellir terfynu'r sgrinio.</translation>
    </message>
    <message>
      <source>{count} answers ({reason}). Your answers are still on screen.</source>
      <translation>{count} ateb ({reason}). Mae eich atebion yn dal ar y sgrin.</translation>
    </message>
    <message>
      <source>1 answer ({reason}). Your answers are still on screen.</source>
      <translation>1 ateb ({reason}). Mae eich atebion yn dal ar y sgrin.</translation>
    </message>
    <message>
      <source>✓ Read</source>
      <translation>✓ Wedi'i ddarllen</translation>
    </message>
    <message>
      <source>! {count} to correct</source>
      <translation>! {count} i'w cywiro</translation>
    </message>
    <message>
      <source>✓ Done: {answered} of {required} required</source>
      <translation>✓ Wedi gorffen: {answered} o {required} gofynnol</translation>
    </message>
    <message>
      <source>{answered} of {required} required answered</source>
      <translation>{answered} o {required} gofynnol wedi'u hateb</translation>
    </message>
    <message>
      <source>✓ Done (all optional)</source>
      <translation>✓ Wedi gorffen (y cyfan yn ddewisol)</translation>
    </message>
    <message>
      <source>All optional</source>
      <translation>Y cyfan yn ddewisol</translation>
    </message>
    <message>
      <source>Ready to finalise</source>
      <translation>Yn barod i'w derfynu</translation>
    </message>
    <message>
      <source>1 required question to go</source>
      <translation>1 cwestiwn gofynnol ar ôl</translation>
    </message>
    <message>
      <source>{count} required questions to go</source>
      <translation>{count} cwestiwn gofynnol ar ôl</translation>
    </message>
    <message>
      <source>Introduction</source>
      <translation>Cyflwyniad</translation>
    </message>
    <message>
      <source>&amp;Next: start</source>
      <translation>&amp;Nesaf: dechrau</translation>
    </message>
    <message>
      <source>Section {number} of {count}</source>
      <translation>Adran {number} o {count}</translation>
    </message>
    <message>
      <source>&amp;Next: check answers</source>
      <translation>&amp;Nesaf: gwirio'r atebion</translation>
    </message>
    <message>
      <source>the station is locked</source>
      <translation>mae'r orsaf wedi'i chloi</translation>
    </message>
    <message>
      <source>the station could not write to its disk</source>
      <translation>doedd yr orsaf ddim yn gallu ysgrifennu i'w disg</translation>
    </message>
    <message>
      <source>something went wrong while saving</source>
      <translation>aeth rhywbeth o'i le wrth gadw</translation>
    </message>
  </context>
  <context>
    <name>Words</name>
    <message>
      <source>Police</source>
      <translation>Yr heddlu</translation>
    </message>
    <message>
      <source>Crown Prosecution Service (CPS)</source>
      <translation>Gwasanaeth Erlyn y Goron (CPS)</translation>
    </message>
    <message>
      <source>The court</source>
      <translation>Y llys</translation>
    </message>
    <message>
      <source>Defence solicitor</source>
      <translation>Cyfreithiwr yr amddiffyniad</translation>
    </message>
    <message>
      <source>Probation</source>
      <translation>Y gwasanaeth prawf</translation>
    </message>
    <message>
      <source>Prison healthcare</source>
      <translation>Gofal iechyd y carchar</translation>
    </message>
    <message>
      <source>Liaison and Diversion (L&amp;D)</source>
      <translation>Cyswllt a Dargyfeirio (L&amp;D)</translation>
    </message>
    <message>
      <source>Custody and escort staff</source>
      <translation>Staff y ddalfa a hebrwng</translation>
    </message>
    <message>
      <source>The person (their own copy)</source>
      <translation>Y person (eu copi eu hunain)</translation>
    </message>
    <message>
      <source>{day} at {time}</source>
      <translation>{day} am {time}</translation>
    </message>
    <message>
      <source>Date of birth not known (age in doubt)</source>
      <translation>Dyddiad geni ddim yn hysbys (oedran yn ansicr)</translation>
    </message>
    <message>
      <source>Born {date} (age {age}), age in doubt</source>
      <translation>Ganwyd {date} (oed {age}), oedran yn ansicr</translation>
    </message>
    <message>
      <source>Born {date} (age {age})</source>
      <translation>Ganwyd {date} (oed {age})</translation>
    </message>
    <message>
      <source>Born {date}, age in doubt</source>
      <translation>Ganwyd {date}, oedran yn ansicr</translation>
    </message>
    <message>
      <source>Born {date}</source>
      <translation>Ganwyd {date}</translation>
    </message>
    <message>
      <source>Draft</source>
      <translation>Drafft</translation>
    </message>
    <message>
      <source>Draft amendment</source>
      <translation>Drafft diwygiad</translation>
    </message>
    <message>
      <source>Completed, not yet finalised</source>
      <translation>Wedi'i gwblhau, heb ei derfynu eto</translation>
    </message>
    <message>
      <source>Finalised</source>
      <translation>Wedi'i derfynu</translation>
    </message>
    <message>
      <source>{status}, revision {revision}</source>
      <translation>{status}, fersiwn {revision}</translation>
    </message>
    <message>
      <source>{status} (replaced by a later revision)</source>
      <translation>{status} (wedi'i disodli gan fersiwn diweddarach)</translation>
    </message>
  </context>
</TS>
