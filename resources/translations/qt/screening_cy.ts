<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Welsh interface text. Drafted by the development team; needs review by a Welsh speaker before release (see resources/translations/README.md). -->
<TS version="2.1" language="cy_GB" sourcelanguage="en_GB">
  <context>
    <name>Admin</name>
    <message>
      <source>Station created</source>
      <translation>Gorsaf wedi'i chreu</translation>
    </message>
    <message>
      <source>Logged in</source>
      <translation>Wedi mewngofnodi</translation>
    </message>
    <message>
      <source>Failed login</source>
      <translation>Methu mewngofnodi</translation>
    </message>
    <message>
      <source>Opened with the recovery key</source>
      <translation>Agorwyd gyda'r allwedd adfer</translation>
    </message>
    <message>
      <source>Locked</source>
      <translation>Wedi'i chloi</translation>
    </message>
    <message>
      <source>Viewed</source>
      <translation>Gwelwyd</translation>
    </message>
    <message>
      <source>Created</source>
      <translation>Crëwyd</translation>
    </message>
    <message>
      <source>Changed</source>
      <translation>Newidiwyd</translation>
    </message>
    <message>
      <source>Took over a draft</source>
      <translation>Cymerodd ddrafft drosodd</translation>
    </message>
    <message>
      <source>Completed</source>
      <translation>Cwblhawyd</translation>
    </message>
    <message>
      <source>Finalised</source>
      <translation>Terfynwyd</translation>
    </message>
    <message>
      <source>Amended</source>
      <translation>Diwygiwyd</translation>
    </message>
    <message>
      <source>Signed off</source>
      <translation>Llofnodwyd</translation>
    </message>
    <message>
      <source>Disclosed</source>
      <translation>Datgelwyd</translation>
    </message>
    <message>
      <source>Exported</source>
      <translation>Allforiwyd</translation>
    </message>
    <message>
      <source>Synchronised</source>
      <translation>Cysonwyd</translation>
    </message>
    <message>
      <source>User added</source>
      <translation>Defnyddiwr wedi'i ychwanegu</translation>
    </message>
    <message>
      <source>User removed</source>
      <translation>Defnyddiwr wedi'i ddileu</translation>
    </message>
    <message>
      <source>Passphrase reset</source>
      <translation>Cyfrinymadrodd wedi'i ailosod</translation>
    </message>
    <message>
      <source>Passphrase changed</source>
      <translation>Cyfrinymadrodd wedi'i newid</translation>
    </message>
    <message>
      <source>Recovery key replaced</source>
      <translation>Allwedd adfer newydd</translation>
    </message>
    <message>
      <source>Database upgraded</source>
      <translation>Cronfa ddata wedi'i huwchraddio</translation>
    </message>
    <message>
      <source>Backup made</source>
      <translation>Copi wrth gefn wedi'i wneud</translation>
    </message>
    <message>
      <source>Restored from a backup</source>
      <translation>Adferwyd o gopi wrth gefn</translation>
    </message>
    <message>
      <source>Removed under retention rules</source>
      <translation>Dilëwyd dan y rheolau cadw</translation>
    </message>
    <message>
      <source>Draft discarded</source>
      <translation>Drafft wedi'i waredu</translation>
    </message>
    <message>
      <source>Removed</source>
      <translation>Wedi'i ddileu</translation>
    </message>
    <message>
      <source>Must choose a new passphrase</source>
      <translation>Rhaid dewis cyfrinymadrodd newydd</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>Gweithredol</translation>
    </message>
    <message>
      <source>Audit trail OK: all {count} events are in order and unaltered.</source>
      <translation>Trywydd archwilio'n iawn: mae pob un o'r {count} digwyddiad mewn trefn a heb eu newid.</translation>
    </message>
    <message>
      <source>Audit trail BROKEN at event {seq}. Tell IT and your data protection officer; do not delete anything.</source>
      <translation>Trywydd archwilio wedi TORRI yn nigwyddiad {seq}. Rhowch wybod i TG a'ch swyddog diogelu data; peidiwch â dileu dim.</translation>
    </message>
    <message>
      <source>consent</source>
      <translation>caniatâd</translation>
    </message>
    <message>
      <source>disclosure</source>
      <translation>datgeliad</translation>
    </message>
    <message>
      <source>legal basis</source>
      <translation>sail gyfreithiol</translation>
    </message>
    <message>
      <source>person</source>
      <translation>person</translation>
    </message>
    <message>
      <source>replaces</source>
      <translation>yn lle</translation>
    </message>
    <message>
      <source>screening</source>
      <translation>sgrinio</translation>
    </message>
    <message>
      <source>station</source>
      <translation>gorsaf</translation>
    </message>
    <message>
      <source>user</source>
      <translation>defnyddiwr</translation>
    </message>
    <message>
      <source>action</source>
      <translation>gweithred</translation>
    </message>
    <message>
      <source>again</source>
      <translation>eto</translation>
    </message>
    <message>
      <source>agency</source>
      <translation>asiantaeth</translation>
    </message>
    <message>
      <source>attempted at</source>
      <translation>ceisiwyd am</translation>
    </message>
    <message>
      <source>attempts</source>
      <translation>ymdrechion</translation>
    </message>
    <message>
      <source>audit event</source>
      <translation>digwyddiad archwilio</translation>
    </message>
    <message>
      <source>backup</source>
      <translation>copi wrth gefn</translation>
    </message>
    <message>
      <source>with the recovery key</source>
      <translation>gyda'r allwedd adfer</translation>
    </message>
    <message>
      <source>capacity considered</source>
      <translation>galluedd wedi'i ystyried</translation>
    </message>
    <message>
      <source>central station</source>
      <translation>gorsaf ganolog</translation>
    </message>
    <message>
      <source>classes</source>
      <translation>dosbarthiadau</translation>
    </message>
    <message>
      <source>condition</source>
      <translation>amod</translation>
    </message>
    <message>
      <source>count</source>
      <translation>nifer</translation>
    </message>
    <message>
      <source>demo</source>
      <translation>arddangos</translation>
    </message>
    <message>
      <source>drafts discarded</source>
      <translation>drafftiau a waredwyd</translation>
    </message>
    <message>
      <source>document kind</source>
      <translation>math o ddogfen</translation>
    </message>
    <message>
      <source>dropped</source>
      <translation>hepgorwyd</translation>
    </message>
    <message>
      <source>fields</source>
      <translation>meysydd</translation>
    </message>
    <message>
      <source>flags</source>
      <translation>baneri</translation>
    </message>
    <message>
      <source>form</source>
      <translation>ffurflen</translation>
    </message>
    <message>
      <source>form version</source>
      <translation>fersiwn y ffurflen</translation>
    </message>
    <message>
      <source>framework</source>
      <translation>fframwaith</translation>
    </message>
    <message>
      <source>from user</source>
      <translation>gan ddefnyddiwr</translation>
    </message>
    <message>
      <source>from version</source>
      <translation>o fersiwn</translation>
    </message>
    <message>
      <source>given</source>
      <translation>wedi'i roi</translation>
    </message>
    <message>
      <source>has a note</source>
      <translation>nodyn ynghlwm</translation>
    </message>
    <message>
      <source>item</source>
      <translation>eitem</translation>
    </message>
    <message>
      <source>items</source>
      <translation>eitemau</translation>
    </message>
    <message>
      <source>must change</source>
      <translation>rhaid newid</translation>
    </message>
    <message>
      <source>person deleted</source>
      <translation>person wedi'i ddileu</translation>
    </message>
    <message>
      <source>prefilled</source>
      <translation>wedi'u llenwi ymlaen llaw</translation>
    </message>
    <message>
      <source>recipient</source>
      <translation>derbynnydd</translation>
    </message>
    <message>
      <source>record</source>
      <translation>cofnod</translation>
    </message>
    <message>
      <source>registry version</source>
      <translation>fersiwn y gofrestrfa</translation>
    </message>
    <message>
      <source>rekeyed</source>
      <translation>allwedd newydd</translation>
    </message>
    <message>
      <source>reopened</source>
      <translation>ailagorwyd</translation>
    </message>
    <message>
      <source>revision</source>
      <translation>fersiwn</translation>
    </message>
    <message>
      <source>revisions</source>
      <translation>fersiynau</translation>
    </message>
    <message>
      <source>role</source>
      <translation>rôl</translation>
    </message>
    <message>
      <source>rows</source>
      <translation>rhesi</translation>
    </message>
    <message>
      <source>schema version</source>
      <translation>fersiwn y sgema</translation>
    </message>
    <message>
      <source>setting</source>
      <translation>gosodiad</translation>
    </message>
    <message>
      <source>signed at the station of</source>
      <translation>llofnodwyd yng ngorsaf</translation>
    </message>
    <message>
      <source>status</source>
      <translation>statws</translation>
    </message>
    <message>
      <source>to version</source>
      <translation>i fersiwn</translation>
    </message>
    <message>
      <source>unknown user</source>
      <translation>defnyddiwr anhysbys</translation>
    </message>
    <message>
      <source>values removed</source>
      <translation>gwerthoedd a ddilewyd</translation>
    </message>
    <message>
      <source>check</source>
      <translation>gwiriad</translation>
    </message>
    <message>
      <source>version</source>
      <translation>fersiwn</translation>
    </message>
    <message>
      <source>withdrawn</source>
      <translation>tynnwyd yn ôl</translation>
    </message>
    <message>
      <source>disclosures</source>
      <translation>datgeliadau</translation>
    </message>
    <message>
      <source>disclosure preview</source>
      <translation>rhagolwg o ddatgeliad</translation>
    </message>
    <message>
      <source>anchored</source>
      <translation>angorwyd</translation>
    </message>
    <message>
      <source>looked up</source>
      <translation>chwiliwyd</translation>
    </message>
    <message>
      <source>enrolled</source>
      <translation>cofrestrwyd</translation>
    </message>
    <message>
      <source>form received</source>
      <translation>ffurflen wedi'i derbyn</translation>
    </message>
    <message>
      <source>registry received</source>
      <translation>cofrestrfa wedi'i derbyn</translation>
    </message>
    <message>
      <source>refused records sent again</source>
      <translation>cofnodion a wrthodwyd wedi'u hanfon eto</translation>
    </message>
    <message>
      <source>removed user refused</source>
      <translation>gwrthodwyd defnyddiwr a ddilewyd</translation>
    </message>
    <message>
      <source>matches</source>
      <translation>yn cyfateb</translation>
    </message>
    <message>
      <source>does not match</source>
      <translation>ddim yn cyfateb</translation>
    </message>
    <message>
      <source>hidden at completion</source>
      <translation>cudd wrth gwblhau</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>ie</translation>
    </message>
    <message>
      <source>no</source>
      <translation>na</translation>
    </message>
    <message>
      <source>User id</source>
      <translation>Enw defnyddiwr</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Enw</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>Rôl</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Cyflwr</translation>
    </message>
    <message>
      <source>Added</source>
      <translation>Ychwanegwyd</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>Rhif</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>Amser</translation>
    </message>
    <message>
      <source>User</source>
      <translation>Defnyddiwr</translation>
    </message>
    <message>
      <source>Event</source>
      <translation>Digwyddiad</translation>
    </message>
    <message>
      <source>About</source>
      <translation>Am</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>Manylion</translation>
    </message>
    <message>
      <source>Station users</source>
      <translation>Defnyddwyr yr orsaf</translation>
    </message>
    <message>
      <source>Everyone who can open this station. A new user gets a temporary passphrase to change at their first login.</source>
      <translation>Pawb sy'n gallu agor yr orsaf hon. Mae defnyddiwr newydd yn cael cyfrinymadrodd dros dro i'w newid y tro cyntaf y bydd yn mewngofnodi.</translation>
    </message>
    <message>
      <source>Arrow keys choose a user.</source>
      <translation>Mae'r bysellau saeth yn dewis defnyddiwr.</translation>
    </message>
    <message>
      <source>Show removed users</source>
      <translation>Dangos defnyddwyr a ddilëwyd</translation>
    </message>
    <message>
      <source>&amp;Add user…</source>
      <translation>Y&amp;chwanegu defnyddiwr…</translation>
    </message>
    <message>
      <source>Add a user</source>
      <translation>Ychwanegu defnyddiwr</translation>
    </message>
    <message>
      <source>&amp;Reset passphrase…</source>
      <translation>&amp;Ailosod y cyfrinymadrodd…</translation>
    </message>
    <message>
      <source>Reset the chosen user's passphrase</source>
      <translation>Ailosod cyfrinymadrodd y defnyddiwr a ddewiswyd</translation>
    </message>
    <message>
      <source>Re&amp;move user…</source>
      <translation>Dileu defnyddi&amp;wr…</translation>
    </message>
    <message>
      <source>Remove the chosen user</source>
      <translation>Dileu'r defnyddiwr a ddewiswyd</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Wedi'i wneud</translation>
    </message>
    <message>
      <source>User &amp;id</source>
      <translation>E&amp;nw defnyddiwr</translation>
    </message>
    <message>
      <source>Letters, digits, dots, dashes or @; for example a collar number.</source>
      <translation>Llythrennau, digidau, dotiau, cysylltnodau neu @; er enghraifft rhif coler.</translation>
    </message>
    <message>
      <source>Full &amp;name</source>
      <translation>&amp;Enw llawn</translation>
    </message>
    <message>
      <source>R&amp;ole</source>
      <translation>&amp;Rôl</translation>
    </message>
    <message>
      <source>Tem&amp;porary passphrase</source>
      <translation>Cyfrinymadrodd dro&amp;s dro</translation>
    </message>
    <message>
      <source>At least 12 characters. Hand it over in person; they choose their own at their first login.</source>
      <translation>O leiaf 12 nod. Rhowch ef iddyn nhw wyneb yn wyneb; byddan nhw'n dewis eu un eu hunain y tro cyntaf y byddan nhw'n mewngofnodi.</translation>
    </message>
    <message>
      <source>Add this us&amp;er</source>
      <translation>Ychwaneg&amp;u'r defnyddiwr hwn</translation>
    </message>
    <message>
      <source>Add this user</source>
      <translation>Ychwanegu'r defnyddiwr hwn</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Canslo</translation>
    </message>
    <message>
      <source>Cancel adding a user</source>
      <translation>Canslo ychwanegu defnyddiwr</translation>
    </message>
    <message>
      <source>Confirm</source>
      <translation>Cadarnhau</translation>
    </message>
    <message>
      <source>Cancel: change nothing</source>
      <translation>Canslo: newid dim</translation>
    </message>
    <message>
      <source>Temporary passphrase</source>
      <translation>Cyfrinymadrodd dros dro</translation>
    </message>
    <message>
      <source>I have handed it &amp;over</source>
      <translation>Rwyf wedi'i r&amp;oi iddyn nhw</translation>
    </message>
    <message>
      <source>I have handed the temporary passphrase over: hide it</source>
      <translation>Rwyf wedi rhoi'r cyfrinymadrodd dros dro iddyn nhw: ei guddio</translation>
    </message>
    <message>
      <source>Audit trail</source>
      <translation>Trywydd archwilio</translation>
    </message>
    <message>
      <source>Every login, lock, change, disclosure and user change on this station, newest first. Each event is chained to the one before, so an edited, removed or reordered event is found by Verify. Ids and times only: no personal details.</source>
      <translation>Pob mewngofnodi, cloi, newid, datgeliad a newid defnyddiwr ar yr orsaf hon, y mwyaf diweddar yn gyntaf. Mae pob digwyddiad wedi'i gadwyno i'r un o'i flaen, felly mae Gwirio yn dod o hyd i ddigwyddiad sydd wedi'i olygu, ei ddileu neu ei aildrefnu. Enwau defnyddwyr ac amseroedd yn unig: dim manylion personol.</translation>
    </message>
    <message>
      <source>&amp;Verify the audit trail</source>
      <translation>Gwi&amp;rio'r trywydd archwilio</translation>
    </message>
    <message>
      <source>Verify the audit trail</source>
      <translation>Gwirio'r trywydd archwilio</translation>
    </message>
    <message>
      <source>Verification result</source>
      <translation>Canlyniad y gwirio</translation>
    </message>
    <message>
      <source>Audit events, newest first</source>
      <translation>Digwyddiadau archwilio, y mwyaf diweddar yn gyntaf</translation>
    </message>
    <message>
      <source>Show &amp;older events</source>
      <translation>Dangos digwyddiadau hŷ&amp;n</translation>
    </message>
    <message>
      <source>Show older audit events</source>
      <translation>Dangos digwyddiadau archwilio hŷn</translation>
    </message>
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
      <source>Station settings</source>
      <translation>Gosodiadau'r orsaf</translation>
    </message>
    <message>
      <source> minutes</source>
      <translation> munud</translation>
    </message>
    <message>
      <source>Lock a&amp;fter this long without use</source>
      <translation>Cloi ar ôl cymaint â hyn heb dd&amp;efnydd</translation>
    </message>
    <message>
      <source>From 1 to 60 minutes. The station closes its database and shows the lock screen.</source>
      <translation>O 1 i 60 munud. Mae'r orsaf yn cau ei chronfa ddata ac yn dangos y sgrin gloi.</translation>
    </message>
    <message>
      <source>&amp;Remove finalised records after a set time</source>
      <translation>Dileu &amp;cofnodion wedi'u terfynu ar ôl cyfnod penodol</translation>
    </message>
    <message>
      <source>Remove finalised records after a set time</source>
      <translation>Dileu cofnodion wedi'u terfynu ar ôl cyfnod penodol</translation>
    </message>
    <message>
      <source>Only once the central service holds them</source>
      <translation>Dim ond unwaith y bydd y gwasanaeth canolog yn eu dal</translation>
    </message>
    <message>
      <source> days</source>
      <translation> diwrnod</translation>
    </message>
    <message>
      <source>Keep finalised records for</source>
      <translation>Cadw cofnodion wedi'u terfynu am</translation>
    </message>
    <message>
      <source>Records are removed from this station only after the central service holds them; the removal is audited.</source>
      <translation>Caiff cofnodion eu dileu o'r orsaf hon dim ond ar ôl i'r gwasanaeth canolog eu dal; mae'r dileu yn cael ei archwilio.</translation>
    </message>
    <message>
      <source>&amp;Save settings</source>
      <translation>Cadw'r go&amp;sodiadau</translation>
    </message>
    <message>
      <source>Save the station settings</source>
      <translation>Cadw gosodiadau'r orsaf</translation>
    </message>
    <message>
      <source>Admin</source>
      <translation>Gweinyddu</translation>
    </message>
    <message>
      <source>Supervision</source>
      <translation>Goruchwylio</translation>
    </message>
    <message>
      <source>Admin sections</source>
      <translation>Adrannau gweinyddu</translation>
    </message>
    <message>
      <source>&amp;Users</source>
      <translation>De&amp;fnyddwyr</translation>
    </message>
    <message>
      <source>Audi&amp;t trail</source>
      <translation>&amp;Trywydd archwilio</translation>
    </message>
    <message>
      <source>&amp;My passphrase</source>
      <translation>Fy nghyfriny&amp;madrodd</translation>
    </message>
    <message>
      <source>Station &amp;settings</source>
      <translation>Gosod&amp;iadau'r orsaf</translation>
    </message>
    <message>
      <source>Type your current passphrase.</source>
      <translation>Teipiwch eich cyfrinymadrodd presennol.</translation>
    </message>
    <message>
      <source>Your passphrase was changed. Use the new one from now on.</source>
      <translation>Mae eich cyfrinymadrodd wedi'i newid. Defnyddiwch yr un newydd o hyn ymlaen.</translation>
    </message>
    <message>
      <source>Type the new user's id.</source>
      <translation>Teipiwch enw defnyddiwr y defnyddiwr newydd.</translation>
    </message>
    <message>
      <source>Type the new user's full name.</source>
      <translation>Teipiwch enw llawn y defnyddiwr newydd.</translation>
    </message>
    <message>
      <source>The temporary passphrase needs at least 12 characters.</source>
      <translation>Mae angen o leiaf 12 nod yn y cyfrinymadrodd dros dro.</translation>
    </message>
    <message>
      <source>Adding the user</source>
      <translation>Yn ychwanegu'r defnyddiwr</translation>
    </message>
    <message>
      <source>{name} ({user_id}) was added as {role}.</source>
      <translation>Ychwanegwyd {name} ({user_id}) fel {role}.</translation>
    </message>
    <message>
      <source>Choose a user in the list first.</source>
      <translation>Dewiswch ddefnyddiwr yn y rhestr yn gyntaf.</translation>
    </message>
    <message>
      <source>Remove {user}?</source>
      <translation>Dileu {user}?</translation>
    </message>
    <message>
      <source>{user} will no longer be able to open this station. To make sure of that, the station's database is re-encrypted with a new key (the database is REKEYED) and every other user's key is re-wrapped. This takes a moment, and nobody else may have the station open on this PC while it runs. Their records and the audit trail stay on the station.</source>
      <translation>Fydd {user} ddim yn gallu agor yr orsaf hon mwyach. I wneud yn siŵr o hynny, caiff cronfa ddata'r orsaf ei hail-amgryptio gydag allwedd newydd (caiff y gronfa ddata ALLWEDD NEWYDD) a chaiff allwedd pob defnyddiwr arall ei lapio o'r newydd. Mae hyn yn cymryd ychydig, a chaiff neb arall gael yr orsaf ar agor ar y cyfrifiadur hwn tra mae'n rhedeg. Mae eu cofnodion a'r trywydd archwilio yn aros ar yr orsaf.</translation>
    </message>
    <message>
      <source>Remove user and rekey the database</source>
      <translation>Dileu'r defnyddiwr a rhoi allwedd newydd i'r gronfa ddata</translation>
    </message>
    <message>
      <source>Remove {user} and rekey the database</source>
      <translation>Dileu {user} a rhoi allwedd newydd i'r gronfa ddata</translation>
    </message>
    <message>
      <source>Reset the passphrase of {user}?</source>
      <translation>Ailosod cyfrinymadrodd {user}?</translation>
    </message>
    <message>
      <source>The current passphrase of {user} stops working now. You will see a temporary passphrase once, to hand over in person; they must choose their own when they next log in.</source>
      <translation>Mae cyfrinymadrodd presennol {user} yn peidio â gweithio nawr. Byddwch yn gweld cyfrinymadrodd dros dro unwaith, i'w roi iddyn nhw wyneb yn wyneb; rhaid iddyn nhw ddewis eu un eu hunain y tro nesaf y byddan nhw'n mewngofnodi.</translation>
    </message>
    <message>
      <source>Reset passphrase</source>
      <translation>Ailosod y cyfrinymadrodd</translation>
    </message>
    <message>
      <source>Reset the passphrase of {user}</source>
      <translation>Ailosod cyfrinymadrodd {user}</translation>
    </message>
    <message>
      <source>Removing the user and rekeying the database</source>
      <translation>Yn dileu'r defnyddiwr ac yn rhoi allwedd newydd i'r gronfa ddata</translation>
    </message>
    <message>
      <source>Resetting the passphrase</source>
      <translation>Yn ailosod y cyfrinymadrodd</translation>
    </message>
    <message>
      <source>{user_id} was removed and the database was rekeyed. Their passphrase no longer opens this station.</source>
      <translation>Dilëwyd {user_id} a chafodd y gronfa ddata allwedd newydd. Dydy eu cyfrinymadrodd ddim yn agor yr orsaf hon mwyach.</translation>
    </message>
    <message>
      <source>The passphrase of {user_id} was reset.</source>
      <translation>Ailosodwyd cyfrinymadrodd {user_id}.</translation>
    </message>
    <message>
      <source>{what} Give {user_id} this temporary passphrase in person. It is shown only now; they must choose their own when they next log in.</source>
      <translation>{what} Rhowch y cyfrinymadrodd dros dro hwn i {user_id} wyneb yn wyneb. Dim ond nawr y caiff ei ddangos; rhaid iddyn nhw ddewis eu un eu hunain y tro nesaf y byddan nhw'n mewngofnodi.</translation>
    </message>
    <message>
      <source>Checking every event in the audit trail</source>
      <translation>Yn gwirio pob digwyddiad yn y trywydd archwilio</translation>
    </message>
    <message>
      <source>Settings saved.</source>
      <translation>Gosodiadau wedi'u cadw.</translation>
    </message>
  </context>
  <context>
    <name>Checks</name>
    <message>
      <source>An NHS number has only digits (spaces are fine). Remove {characters}.</source>
      <translation>Dim ond digidau sydd mewn rhif GIG (mae bylchau'n iawn). Tynnwch {characters}.</translation>
    </message>
    <message>
      <source>An NHS number has 10 digits; this has {count}.</source>
      <translation>Mae 10 digid mewn rhif GIG; mae {count} yn hwn.</translation>
    </message>
    <message>
      <source>No NHS number starts with these nine digits (no check digit fits them), so one of them is mistyped. Check it against the NHS record.</source>
      <translation>Does dim rhif GIG yn dechrau gyda'r naw digid hyn (does dim digid gwirio yn ffitio), felly mae un ohonyn nhw wedi'i gamdeipio. Gwiriwch ef yn erbyn cofnod y GIG.</translation>
    </message>
    <message>
      <source>The last digit (the check digit) does not match the first nine, so one of the ten digits is mistyped. Check it against the NHS record.</source>
      <translation>Dydy'r digid olaf (y digid gwirio) ddim yn cyfateb i'r naw cyntaf, felly mae un o'r deg digid wedi'i gamdeipio. Gwiriwch ef yn erbyn cofnod y GIG.</translation>
    </message>
    <message>
      <source>A PNC ID has one '/' after the year, like 19/0012345G or 2019/0012345G.</source>
      <translation>Mae un '/' ar ôl y flwyddyn mewn ID PNC, fel 19/0012345G neu 2019/0012345G.</translation>
    </message>
    <message>
      <source>The year before the '/' has 2 or 4 digits (19 or 2019), like 19/0012345G or 2019/0012345G.</source>
      <translation>Mae 2 neu 4 digid yn y flwyddyn cyn y '/' (19 neu 2019), fel 19/0012345G neu 2019/0012345G.</translation>
    </message>
    <message>
      <source>A four-digit year starts with 19 or 20 (for example 2019).</source>
      <translation>Mae blwyddyn pedwar digid yn dechrau gyda 19 neu 20 (er enghraifft 2019).</translation>
    </message>
    <message>
      <source>A PNC ID ends with its check letter (the G in 19/0012345G); add it after the number.</source>
      <translation>Mae ID PNC yn gorffen gyda'i lythyren wirio (y G yn 19/0012345G); ychwanegwch hi ar ôl y rhif.</translation>
    </message>
    <message>
      <source>The number between the '/' and the check letter is missing, like 19/0012345G or 2019/0012345G.</source>
      <translation>Mae'r rhif rhwng y '/' a'r llythyren wirio ar goll; dylai fod fel 19/0012345G neu 2019/0012345G.</translation>
    </message>
    <message>
      <source>Only digits go between the '/' and the check letter.</source>
      <translation>Dim ond digidau sy'n mynd rhwng y '/' a'r llythyren wirio.</translation>
    </message>
    <message>
      <source>The number after the '/' has at most 7 digits; this has {count}.</source>
      <translation>Mae 7 digid ar y mwyaf yn y rhif ar ôl y '/'; mae {count} yn hwn.</translation>
    </message>
    <message>
      <source>The check letter is never {letter} (PNC IDs do not use I, O or S), so it is mistyped. Check it against the PNC record.</source>
      <translation>Dydy'r llythyren wirio byth yn {letter} (dydy IDs PNC ddim yn defnyddio I, O nac S), felly mae wedi'i chamdeipio. Gwiriwch hi yn erbyn cofnod y PNC.</translation>
    </message>
    <message>
      <source>The check letter {letter} does not match {number}, so the year, a digit or the letter is mistyped. Check it against the PNC record.</source>
      <translation>Dydy'r llythyren wirio {letter} ddim yn cyfateb i {number}, felly mae'r flwyddyn, digid neu'r llythyren wedi'i gamdeipio. Gwiriwch ef yn erbyn cofnod y PNC.</translation>
    </message>
    <message>
      <source>This is not in the form this reference takes. Check it against the record it comes from.</source>
      <translation>Dydy hwn ddim ar ffurf y cyfeirnod hwn. Gwiriwch ef yn erbyn y cofnod y daw ohono.</translation>
    </message>
    <message>
      <source>Type the date of birth, or tick “Age in doubt” if the person does not know it or it is not believed.</source>
      <translation>Teipiwch y dyddiad geni, neu ticiwch “Oedran yn ansicr” os nad yw'r person yn ei wybod neu os nad oes neb yn ei gredu.</translation>
    </message>
    <message>
      <source>The date of birth is in the future. Check the year.</source>
      <translation>Mae'r dyddiad geni yn y dyfodol. Gwiriwch y flwyddyn.</translation>
    </message>
    <message>
      <source>That would make the person over 120. Check the year.</source>
      <translation>Byddai hynny'n golygu bod y person dros 120 oed. Gwiriwch y flwyddyn.</translation>
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
      <source>{name} (problem: {message})</source>
      <translation>{name} (problem: {message})</translation>
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
    <name>Disclose</name>
    <message>
      <source>Disclosable summary</source>
      <translation>Crynodeb y gellir ei ddatgelu</translation>
    </message>
    <message>
      <source>Custody handover sheet</source>
      <translation>Taflen trosglwyddo'r ddalfa</translation>
    </message>
    <message>
      <source>Full record (health staff)</source>
      <translation>Cofnod llawn (staff iechyd)</translation>
    </message>
    <message>
      <source>Easy-read copy for the person</source>
      <translation>Copi hawdd ei ddeall i'r person</translation>
    </message>
    <message>
      <source>Pre-sentence report section (text)</source>
      <translation>Adran adroddiad cyn dedfrydu (testun)</translation>
    </message>
    <message>
      <source>Data Protection Act 2018, Schedule 8 (law enforcement)</source>
      <translation>Deddf Diogelu Data 2018, Atodlen 8 (gorfodi'r gyfraith)</translation>
    </message>
    <message>
      <source>UK GDPR Article 9(2) (health and care, courts)</source>
      <translation>GDPR y DU Erthygl 9(2) (iechyd a gofal, llysoedd)</translation>
    </message>
    <message>
      <source>English</source>
      <translation>Saesneg</translation>
    </message>
    <message>
      <source>Cymraeg (Welsh)</source>
      <translation>Cymraeg</translation>
    </message>
    <message>
      <source>Something went wrong, so nothing was disclosed. Try again, or ask IT for help.</source>
      <translation>Aeth rhywbeth o'i le, felly does dim wedi'i ddatgelu. Rhowch gynnig arall arni, neu gofynnwch i TG am help.</translation>
    </message>
    <message>
      <source>This computer has no way to draw PDF pages (QtPdf or poppler's pdftoppm).</source>
      <translation>Does gan y cyfrifiadur hwn ddim ffordd o lunio tudalennau PDF (QtPdf neu pdftoppm poppler).</translation>
    </message>
    <message>
      <source>Disclose</source>
      <translation>Datgelu</translation>
    </message>
    <message>
      <source>Recipient</source>
      <translation>Derbynnydd</translation>
    </message>
    <message>
      <source>&amp;Recipient</source>
      <translation>&amp;Derbynnydd</translation>
    </message>
    <message>
      <source>Document</source>
      <translation>Dogfen</translation>
    </message>
    <message>
      <source>&amp;Document</source>
      <translation>D&amp;ogfen</translation>
    </message>
    <message>
      <source>Language of the copy</source>
      <translation>Iaith y copi</translation>
    </message>
    <message>
      <source>&amp;Language</source>
      <translation>&amp;Iaith</translation>
    </message>
    <message>
      <source>Purpose</source>
      <translation>Diben</translation>
    </message>
    <message>
      <source>Why it is disclosed, e.g. charging decision</source>
      <translation>Pam mae'n cael ei ddatgelu, e.e. penderfyniad cyhuddo</translation>
    </message>
    <message>
      <source>&amp;Purpose</source>
      <translation>Di&amp;ben</translation>
    </message>
    <message>
      <source>Legal basis</source>
      <translation>Sail gyfreithiol</translation>
    </message>
    <message>
      <source>Legal basis: law</source>
      <translation>Sail gyfreithiol: cyfraith</translation>
    </message>
    <message>
      <source>None (rely on consent, or the person's own copy)</source>
      <translation>Dim (dibynnu ar ganiatâd, neu gopi'r person ei hun)</translation>
    </message>
    <message>
      <source>La&amp;w</source>
      <translation>Cyf&amp;raith</translation>
    </message>
    <message>
      <source>Legal basis: condition</source>
      <translation>Sail gyfreithiol: amod</translation>
    </message>
    <message>
      <source>Co&amp;ndition</source>
      <translation>&amp;Amod</translation>
    </message>
    <message>
      <source>Consent on record for this recipient</source>
      <translation>Caniatâd wedi'i gofnodi ar gyfer y derbynnydd hwn</translation>
    </message>
    <message>
      <source>Health information on the legal basis</source>
      <translation>Gwybodaeth iechyd ar y sail gyfreithiol</translation>
    </message>
    <message>
      <source>Share health information that consent does not cover, on this legal basis</source>
      <translation>Rhannu gwybodaeth iechyd nad yw'r caniatâd yn ei chynnwys, ar y sail gyfreithiol hon</translation>
    </message>
    <message>
      <source>A second user must sign this off with their passphrase.</source>
      <translation>Rhaid i ail ddefnyddiwr lofnodi hyn gyda'i gyfrinymadrodd.</translation>
    </message>
    <message>
      <source>Second user's user name</source>
      <translation>Enw defnyddiwr yr ail ddefnyddiwr</translation>
    </message>
    <message>
      <source>Second &amp;user</source>
      <translation>Ail dd&amp;efnyddiwr</translation>
    </message>
    <message>
      <source>Second user's passphrase</source>
      <translation>Cyfrinymadrodd yr ail ddefnyddiwr</translation>
    </message>
    <message>
      <source>Their passp&amp;hrase</source>
      <translation>Ei &amp;gyfrinymadrodd</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Statws</translation>
    </message>
    <message>
      <source>&amp;Save PDF…</source>
      <translation>Cadw &amp;PDF…</translation>
    </message>
    <message>
      <source>Pr&amp;int…</source>
      <translation>Ar&amp;graffu…</translation>
    </message>
    <message>
      <source>&amp;Copy text</source>
      <translation>Copïo'r tes&amp;tun</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Cau</translation>
    </message>
    <message>
      <source>Preview: the document exactly as it will be saved or printed</source>
      <translation>Rhagolwg: y ddogfen yn union fel y caiff ei chadw neu ei hargraffu</translation>
    </message>
    <message>
      <source>Preview</source>
      <translation>Rhagolwg</translation>
    </message>
    <message>
      <source>Page of the document</source>
      <translation>Tudalen o'r ddogfen</translation>
    </message>
    <message>
      <source>◀ Pre&amp;vious page</source>
      <translation>◀ Tudalen &amp;flaenorol</translation>
    </message>
    <message>
      <source>Previous page</source>
      <translation>Tudalen flaenorol</translation>
    </message>
    <message>
      <source>Page number</source>
      <translation>Rhif y dudalen</translation>
    </message>
    <message>
      <source>Ne&amp;xt page ▶</source>
      <translation>Tudalen &amp;nesaf ▶</translation>
    </message>
    <message>
      <source>Next page</source>
      <translation>Tudalen nesaf</translation>
    </message>
    <message>
      <source>Pa&amp;ges</source>
      <translation>T&amp;udalennau</translation>
    </message>
    <message>
      <source>The document as text</source>
      <translation>Y ddogfen fel testun</translation>
    </message>
    <message>
      <source>&amp;Text</source>
      <translation>Te&amp;stun</translation>
    </message>
    <message>
      <source>Page {number} of {pages}</source>
      <translation>Tudalen {number} o {pages}</translation>
    </message>
    <message>
      <source>Page {number} of {pages} of the document as it will be saved or printed. The Text tab has the same content as text.</source>
      <translation>Tudalen {number} o {pages} o'r ddogfen fel y caiff ei chadw neu ei hargraffu. Mae gan y tab Testun yr un cynnwys fel testun.</translation>
    </message>
    <message>
      <source>No consent decision is recorded for this recipient.</source>
      <translation>Does dim penderfyniad caniatâd wedi'i gofnodi ar gyfer y derbynnydd hwn.</translation>
    </message>
    <message>
      <source>Refused on {day}.</source>
      <translation>Gwrthodwyd ar {day}.</translation>
    </message>
    <message>
      <source>{count} named question(s)</source>
      <translation>{count} cwestiwn wedi'u henwi</translation>
    </message>
    <message>
      <source>Given on {day} for {what}</source>
      <translation>Rhoddwyd ar {day} ar gyfer {what}</translation>
    </message>
    <message>
      <source>{consent} (capacity not recorded as considered: not relied on)</source>
      <translation>{consent} (heb gofnodi bod galluedd wedi'i ystyried: ni ddibynnir arno)</translation>
    </message>
    <message>
      <source>{consent}; withdrawn on {day}</source>
      <translation>{consent}; tynnwyd yn ôl ar {day}</translation>
    </message>
    <message>
      <source>The pages appear once the document can be made. {problem}</source>
      <translation>Bydd y tudalennau'n ymddangos pan fydd modd gwneud y ddogfen. {problem}</translation>
    </message>
    <message>
      <source>This is plain text, not a PDF: see the Text tab.</source>
      <translation>Testun plaen yw hwn, nid PDF: gweler y tab Testun.</translation>
    </message>
    <message>
      <source>Health information is shared on the legal basis: the second user must sign this off with their passphrase.</source>
      <translation>Mae gwybodaeth iechyd yn cael ei rhannu ar y sail gyfreithiol: rhaid i'r ail ddefnyddiwr lofnodi hyn gyda'i gyfrinymadrodd.</translation>
    </message>
    <message>
      <source>Type the second user's user name to see what they would sign off.</source>
      <translation>Teipiwch enw defnyddiwr yr ail ddefnyddiwr i weld beth fyddai'n ei lofnodi.</translation>
    </message>
    <message>
      <source>Say why you are disclosing it (the purpose).</source>
      <translation>Dywedwch pam rydych chi'n ei ddatgelu (y diben).</translation>
    </message>
    <message>
      <source>The preview is being brought up to date: check it, then try again.</source>
      <translation>Mae'r rhagolwg yn cael ei ddiweddaru: gwiriwch ef, yna rhowch gynnig arall arni.</translation>
    </message>
    <message>
      <source>The second user must type their user name and passphrase to sign this off.</source>
      <translation>Rhaid i'r ail ddefnyddiwr deipio ei enw defnyddiwr a'i gyfrinymadrodd i lofnodi hyn.</translation>
    </message>
    <message>
      <source>Health information would be shared on the legal basis without consent: tick the box and ask a second user to sign it off.</source>
      <translation>Byddai gwybodaeth iechyd yn cael ei rhannu ar y sail gyfreithiol heb ganiatâd: ticiwch y blwch a gofynnwch i ail ddefnyddiwr ei lofnodi.</translation>
    </message>
    <message>
      <source>Logging the document…</source>
      <translation>Yn cofnodi'r ddogfen…</translation>
    </message>
    <message>
      <source>{problem} Save the PDF and print it from a PDF reader.</source>
      <translation>{problem} Cadwch y PDF a'i argraffu o ddarllenydd PDF.</translation>
    </message>
    <message>
      <source>Copied. Document ID {id}. The clipboard is cleared when the station locks.</source>
      <translation>Wedi'i gopïo. ID y ddogfen {id}. Caiff y clipfwrdd ei glirio pan fydd yr orsaf yn cloi.</translation>
    </message>
    <message>
      <source>Saved and logged. Document ID {id}. The preview now shows a new copy, with a new document ID.</source>
      <translation>Wedi'i chadw a'i chofnodi. ID y ddogfen {id}. Mae'r rhagolwg nawr yn dangos copi newydd, gydag ID dogfen newydd.</translation>
    </message>
    <message>
      <source>The document was logged but could not be saved there (the folder may be full or read-only). Choose another place: a re-print makes a new copy.</source>
      <translation>Cafodd y ddogfen ei chofnodi ond doedd dim modd ei chadw yno (efallai fod y ffolder yn llawn neu'n ddarllen yn unig). Dewiswch le arall: mae ailargraffu yn gwneud copi newydd.</translation>
    </message>
    <message>
      <source>Sent to the printer and logged. Document ID {id}.</source>
      <translation>Wedi'i hanfon i'r argraffydd a'i chofnodi. ID y ddogfen {id}.</translation>
    </message>
    <message>
      <source>Save the document</source>
      <translation>Cadw'r ddogfen</translation>
    </message>
    <message>
      <source>PDF documents (*.pdf)</source>
      <translation>Dogfennau PDF (*.pdf)</translation>
    </message>
    <message>
      <source>{problem} The Text tab shows the same content.</source>
      <translation>{problem} Mae'r tab Testun yn dangos yr un cynnwys.</translation>
    </message>
    <message>
      <source>The pages could not be drawn. The Text tab shows the same content.</source>
      <translation>Doedd dim modd llunio'r tudalennau. Mae'r tab Testun yn dangos yr un cynnwys.</translation>
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
    <message>
      <source>Choose an ethnic group…</source>
      <translation>Dewiswch grŵp ethnig…</translation>
    </message>
  </context>
  <context>
    <name>Errors</name>
    <message>
      <source>Someone saved changes to this person while you were editing. Reload the record, check it and make your change again.</source>
      <translation>Cadwodd rhywun newidiadau i'r person hwn tra oeddech chi'n golygu. Ail-lwythwch y cofnod, gwiriwch ef a gwnewch eich newid eto.</translation>
    </message>
    <message>
      <source>This person's record is not on this station (it may have been removed by the retention rules). Search again.</source>
      <translation>Dydy cofnod y person hwn ddim ar yr orsaf hon (efallai ei fod wedi'i ddileu dan y rheolau cadw). Chwiliwch eto.</translation>
    </message>
    <message>
      <source>Administrators manage the station and do not work with people's records. Log in with a screening account to do this.</source>
      <translation>Mae gweinyddwyr yn gofalu am yr orsaf a dydyn nhw ddim yn gweithio gyda chofnodion pobl. Mewngofnodwch gyda chyfrif sgrinio i wneud hyn.</translation>
    </message>
    <message>
      <source>This screening is finalised and cannot be changed. To correct it, amend it: that makes a new revision and keeps this one.</source>
      <translation>Mae'r sgrinio hwn wedi'i derfynu ac ni ellir ei newid. I'w gywiro, diwygiwch ef: mae hynny'n gwneud fersiwn newydd ac yn cadw'r un hon.</translation>
    </message>
    <message>
      <source>Your role cannot open this screening. Ask for a disclosable summary instead.</source>
      <translation>Dydy eich rôl ddim yn gallu agor y sgrinio hwn. Gofynnwch am grynodeb y gellir ei ddatgelu yn lle hynny.</translation>
    </message>
    <message>
      <source>This draft belongs to another user. Take it over first if you are to continue it.</source>
      <translation>Mae'r drafft hwn yn perthyn i ddefnyddiwr arall. Cymerwch ef drosodd yn gyntaf os ydych chi i'w barhau.</translation>
    </message>
    <message>
      <source>Complete the screening first: every required question needs an answer before it can be finalised.</source>
      <translation>Cwblhewch y sgrinio yn gyntaf: mae angen ateb i bob cwestiwn gofynnol cyn y gellir ei derfynu.</translation>
    </message>
    <message>
      <source>Say why the screening is being amended (for example, which answer was wrong).</source>
      <translation>Dywedwch pam mae'r sgrinio'n cael ei ddiwygio (er enghraifft, pa ateb oedd yn anghywir).</translation>
    </message>
    <message>
      <source>Only a colleague with the same role as its author can take over this draft.</source>
      <translation>Dim ond cydweithiwr sydd â'r un rôl â'i awdur all gymryd y drafft hwn drosodd.</translation>
    </message>
    <message>
      <source>Only a supervisor can sign off a screening.</source>
      <translation>Dim ond goruchwyliwr all lofnodi sgrinio.</translation>
    </message>
    <message>
      <source>You finalised this screening yourself: another supervisor signs it off.</source>
      <translation>Chi eich hun wnaeth derfynu'r sgrinio hwn: goruchwyliwr arall sy'n ei lofnodi.</translation>
    </message>
    <message>
      <source>This screening is not on this station (it may have been discarded, or removed by the retention rules).</source>
      <translation>Dydy'r sgrinio hwn ddim ar yr orsaf hon (efallai ei fod wedi'i waredu, neu wedi'i ddileu dan y rheolau cadw).</translation>
    </message>
    <message>
      <source>The screening changed while you were signing. Check it and try again.</source>
      <translation>Newidiodd y sgrinio tra oeddech chi'n llofnodi. Gwiriwch ef a rhowch gynnig arall arni.</translation>
    </message>
    <message>
      <source>Only a finalised screening is amended. This one is still a draft: change its answers directly.</source>
      <translation>Dim ond sgrinio wedi'i derfynu sy'n cael ei ddiwygio. Drafft yw hwn o hyd: newidiwch ei atebion yn uniongyrchol.</translation>
    </message>
    <message>
      <source>Only a finalised screening can be signed off.</source>
      <translation>Dim ond sgrinio wedi'i derfynu y gellir ei lofnodi.</translation>
    </message>
    <message>
      <source>This screening has already been signed off.</source>
      <translation>Mae'r sgrinio hwn eisoes wedi'i lofnodi.</translation>
    </message>
    <message>
      <source>That passphrase is not right, so the screening was not finalised. It is unchanged: type your passphrase again.</source>
      <translation>Dydy'r cyfrinymadrodd hwnnw ddim yn gywir, felly ni chafodd y sgrinio ei derfynu. Mae heb ei newid: teipiwch eich cyfrinymadrodd eto.</translation>
    </message>
    <message>
      <source>The time of the decision is in the future. Check the date and time.</source>
      <translation>Mae amser y penderfyniad yn y dyfodol. Gwiriwch y dyddiad a'r amser.</translation>
    </message>
    <message>
      <source>This consent has already been withdrawn.</source>
      <translation>Mae'r caniatâd hwn eisoes wedi'i dynnu'n ôl.</translation>
    </message>
    <message>
      <source>Your role cannot disclose screenings.</source>
      <translation>Dydy eich rôl ddim yn gallu datgelu sgriniadau.</translation>
    </message>
    <message>
      <source>Choose the legal basis for this disclosure (a DPA 2018 Schedule 8 paragraph or a UK GDPR Article 9 condition), or rely on the person's recorded consent.</source>
      <translation>Dewiswch y sail gyfreithiol ar gyfer y datgeliad hwn (paragraff o Atodlen 8 DPA 2018 neu amod o Erthygl 9 GDPR y DU), neu dibynnwch ar ganiatâd y person sydd wedi'i gofnodi.</translation>
    </message>
    <message>
      <source>A second user signs off a legal basis: choose one first.</source>
      <translation>Mae ail ddefnyddiwr yn llofnodi sail gyfreithiol: dewiswch un yn gyntaf.</translation>
    </message>
    <message>
      <source>Health information would be shared on a legal basis without the person's consent: a second user must sign this off with their passphrase.</source>
      <translation>Byddai gwybodaeth iechyd yn cael ei rhannu ar sail gyfreithiol heb ganiatâd y person: rhaid i ail ddefnyddiwr lofnodi hyn gyda'i gyfrinymadrodd.</translation>
    </message>
    <message>
      <source>Ask the second user to type their passphrase.</source>
      <translation>Gofynnwch i'r ail ddefnyddiwr deipio ei gyfrinymadrodd.</translation>
    </message>
    <message>
      <source>Only a finalised screening can be disclosed. A draft, or a screening that is completed but not yet signed by its author, stays on the station.</source>
      <translation>Dim ond sgrinio wedi'i derfynu y gellir ei ddatgelu. Mae drafft, neu sgrinio sydd wedi'i gwblhau ond heb ei lofnodi gan ei awdur eto, yn aros ar yr orsaf.</translation>
    </message>
    <message>
      <source>This revision has been amended. Disclose the current revision instead.</source>
      <translation>Mae'r fersiwn hon wedi'i diwygio. Datgelwch y fersiwn gyfredol yn lle hynny.</translation>
    </message>
    <message>
      <source>The second sign-off must be by another user, not by you.</source>
      <translation>Rhaid i'r ail lofnod fod gan ddefnyddiwr arall, nid gennych chi.</translation>
    </message>
    <message>
      <source>That user cannot sign off a disclosure: ask a colleague who screens or supervises (not an administrator) and is a user of this station.</source>
      <translation>Dydy'r defnyddiwr hwnnw ddim yn gallu llofnodi datgeliad: gofynnwch i gydweithiwr sy'n sgrinio neu'n goruchwylio (nid gweinyddwr) ac sy'n ddefnyddiwr yr orsaf hon.</translation>
    </message>
    <message>
      <source>That user must change their passphrase before signing off.</source>
      <translation>Rhaid i'r defnyddiwr hwnnw newid ei gyfrinymadrodd cyn llofnodi.</translation>
    </message>
    <message>
      <source>Name the second user before they sign off.</source>
      <translation>Enwch yr ail ddefnyddiwr cyn iddo lofnodi.</translation>
    </message>
    <message>
      <source>The second user who signs must be the one named for this disclosure.</source>
      <translation>Rhaid i'r ail ddefnyddiwr sy'n llofnodi fod yr un a enwyd ar gyfer y datgeliad hwn.</translation>
    </message>
    <message>
      <source>What may be disclosed changed while the document was being made (for example a consent was recorded or withdrawn). Nothing was recorded: make it again.</source>
      <translation>Newidiodd yr hyn y gellir ei ddatgelu tra oedd y ddogfen yn cael ei gwneud (er enghraifft, cofnodwyd neu tynnwyd caniatâd yn ôl). Does dim wedi'i gofnodi: gwnewch hi eto.</translation>
    </message>
    <message>
      <source>Type the second user's user name.</source>
      <translation>Teipiwch enw defnyddiwr yr ail ddefnyddiwr.</translation>
    </message>
    <message>
      <source>The second user's passphrase is not right, so nothing was disclosed. Ask them to type it again.</source>
      <translation>Dydy cyfrinymadrodd yr ail ddefnyddiwr ddim yn gywir, felly does dim wedi'i ddatgelu. Gofynnwch iddo ei deipio eto.</translation>
    </message>
    <message>
      <source>The station is locked. Unlock it with your passphrase to carry on where you were.</source>
      <translation>Mae'r orsaf wedi'i chloi. Datglowch hi gyda'ch cyfrinymadrodd i barhau lle roeddech chi.</translation>
    </message>
    <message>
      <source>Your passphrase was reset by an administrator. Choose a new passphrase before working with records.</source>
      <translation>Cafodd eich cyfrinymadrodd ei ailosod gan weinyddwr. Dewiswch gyfrinymadrodd newydd cyn gweithio gyda chofnodion.</translation>
    </message>
    <message>
      <source>A different user unlocked the station, so the previous user's work was not reopened. Start from the home screen.</source>
      <translation>Datglodd defnyddiwr gwahanol yr orsaf, felly ni chafodd gwaith y defnyddiwr blaenorol ei ailagor. Dechreuwch o'r sgrin hafan.</translation>
    </message>
    <message>
      <source>Only an administrator can change the station settings.</source>
      <translation>Dim ond gweinyddwr all newid gosodiadau'r orsaf.</translation>
    </message>
    <message>
      <source>Only an administrator or a supervisor can read the audit trail.</source>
      <translation>Dim ond gweinyddwr neu oruchwyliwr all ddarllen y trywydd archwilio.</translation>
    </message>
    <message>
      <source>Only a supervisor or an administrator can send refused records again.</source>
      <translation>Dim ond goruchwyliwr neu weinyddwr all anfon cofnodion a wrthodwyd eto.</translation>
    </message>
    <message>
      <source>Your access to this station has been withdrawn by the central service. Ask your administrator.</source>
      <translation>Mae'r gwasanaeth canolog wedi tynnu eich mynediad i'r orsaf hon yn ôl. Gofynnwch i'ch gweinyddwr.</translation>
    </message>
    <message>
      <source>Only an administrator can manage users.</source>
      <translation>Dim ond gweinyddwr all reoli defnyddwyr.</translation>
    </message>
    <message>
      <source>The new passphrase must differ from the current one.</source>
      <translation>Rhaid i'r cyfrinymadrodd newydd fod yn wahanol i'r un presennol.</translation>
    </message>
    <message>
      <source>A user needs a display name.</source>
      <translation>Mae angen enw i'w ddangos ar ddefnyddiwr.</translation>
    </message>
    <message>
      <source>You cannot remove yourself. Ask another administrator.</source>
      <translation>Allwch chi ddim dileu eich hun. Gofynnwch i weinyddwr arall.</translation>
    </message>
    <message>
      <source>The last administrator cannot be removed.</source>
      <translation>Ni ellir dileu'r gweinyddwr olaf.</translation>
    </message>
    <message>
      <source>Someone else has this station open (perhaps in another session on this PC). Ask them to lock it, then remove the user again.</source>
      <translation>Mae gan rywun arall yr orsaf hon ar agor (mewn sesiwn arall ar y cyfrifiadur hwn, efallai). Gofynnwch iddyn nhw ei chloi, yna dilëwch y defnyddiwr eto.</translation>
    </message>
    <message>
      <source>The user id or passphrase is not right. Check both and try again.</source>
      <translation>Dydy'r enw defnyddiwr neu'r cyfrinymadrodd ddim yn gywir. Gwiriwch y ddau a rhowch gynnig arall arni.</translation>
    </message>
    <message>
      <source>That passphrase is not right, so nothing was changed. Type it again.</source>
      <translation>Dydy'r cyfrinymadrodd hwnnw ddim yn gywir, felly does dim wedi newid. Teipiwch ef eto.</translation>
    </message>
    <message>
      <source>Someone else saved this record while you were working on it. Nothing was changed: reload it, check it and try again.</source>
      <translation>Cadwodd rhywun arall y cofnod hwn tra oeddech chi'n gweithio arno. Does dim wedi newid: ail-lwythwch ef, gwiriwch ef a rhowch gynnig arall arni.</translation>
    </message>
    <message>
      <source>That record is not on this station (it may have been removed). Go back and look for it again.</source>
      <translation>Dydy'r cofnod hwnnw ddim ar yr orsaf hon (efallai ei fod wedi'i ddileu). Ewch yn ôl a chwiliwch amdano eto.</translation>
    </message>
    <message>
      <source>Your role or this record does not allow that. Nothing was changed; ask a supervisor if you think it should.</source>
      <translation>Dydy eich rôl neu'r cofnod hwn ddim yn caniatáu hynny. Does dim wedi newid; gofynnwch i oruchwyliwr os ydych chi'n meddwl y dylai.</translation>
    </message>
    <message>
      <source>The record is not in a state that allows that now. Nothing was changed: reload it and check it.</source>
      <translation>Dydy cyflwr y cofnod ddim yn caniatáu hynny nawr. Does dim wedi newid: ail-lwythwch ef a'i wirio.</translation>
    </message>
    <message>
      <source>Something entered is not valid, so nothing was saved. Check what you typed and try again.</source>
      <translation>Dydy rhywbeth a roddwyd i mewn ddim yn ddilys, felly does dim wedi'i gadw. Gwiriwch yr hyn a deipiwyd a rhowch gynnig arall arni.</translation>
    </message>
    <message>
      <source>The screening is not complete yet: answer the questions it still needs.</source>
      <translation>Dydy'r sgrinio ddim yn gyflawn eto: atebwch y cwestiynau sydd eu hangen o hyd.</translation>
    </message>
    <message>
      <source>That passphrase is not allowed. Choose a longer one that is harder to guess.</source>
      <translation>Dydy'r cyfrinymadrodd hwnnw ddim yn cael ei ganiatáu. Dewiswch un hirach sy'n anoddach ei ddyfalu.</translation>
    </message>
    <message>
      <source>The station is busy with other work. Wait a moment and try again.</source>
      <translation>Mae'r orsaf yn brysur gyda gwaith arall. Arhoswch eiliad a rhowch gynnig arall arni.</translation>
    </message>
    <message>
      <source>The station's database is damaged. Stop, and tell IT.</source>
      <translation>Mae cronfa ddata'r orsaf wedi'i difrodi. Stopiwch, a rhowch wybod i TG.</translation>
    </message>
    <message>
      <source>The station's files could not be read or written (the disk may be full). Tell IT.</source>
      <translation>Doedd dim modd darllen nac ysgrifennu ffeiliau'r orsaf (efallai fod y ddisg yn llawn). Rhowch wybod i TG.</translation>
    </message>
    <message>
      <source>That could not be done, and nothing was changed. Try again; if it keeps happening, tell IT.</source>
      <translation>Doedd dim modd gwneud hynny, a does dim wedi newid. Rhowch gynnig arall arni; os yw'n dal i ddigwydd, rhowch wybod i TG.</translation>
    </message>
    <message>
      <source>Something went wrong, and nothing was changed. Try again; if it keeps happening, tell IT ({kind}).</source>
      <translation>Aeth rhywbeth o'i le, a does dim wedi newid. Rhowch gynnig arall arni; os yw'n dal i ddigwydd, rhowch wybod i TG ({kind}).</translation>
    </message>
  </context>
  <context>
    <name>FirstRun</name>
    <message>
      <source>Set up this station</source>
      <translation>Sefydlu'r orsaf hon</translation>
    </message>
    <message>
      <source>There is no station on this computer yet. A station keeps screenings encrypted on this PC, shared by everyone who works here. It is set up once, usually by IT or a supervisor, and takes a few minutes.</source>
      <translation>Does dim gorsaf ar y cyfrifiadur hwn eto. Mae gorsaf yn cadw sgriniadau wedi'u hamgryptio ar y cyfrifiadur hwn, ac yn cael ei rhannu gan bawb sy'n gweithio yma. Caiff ei sefydlu unwaith, fel arfer gan TG neu oruchwyliwr, ac mae'n cymryd ychydig funudau.</translation>
    </message>
    <message>
      <source>Just trying it out?</source>
      <translation>Dim ond rhoi cynnig arni?</translation>
    </message>
    <message>
      <source>A demo station holds fictional people only, its passphrases are shown on the login screen, and it says DEMO on every screen. It can never become a real station: to go live, a real station is created in a new station folder.</source>
      <translation>Mae gorsaf arddangos yn cadw pobl ddychmygol yn unig, mae ei chyfrinymadroddion i'w gweld ar y sgrin fewngofnodi, ac mae'n dweud ARDDANGOS ar bob sgrin. All hi byth ddod yn orsaf go iawn: i ddechrau go iawn, caiff gorsaf go iawn ei chreu mewn ffolder gorsaf newydd.</translation>
    </message>
    <message>
      <source>Create a &amp;demo station</source>
      <translation>Creu gorsaf a&amp;rddangos</translation>
    </message>
    <message>
      <source>Create a demo station with fictional people</source>
      <translation>Creu gorsaf arddangos gyda phobl ddychmygol</translation>
    </message>
    <message>
      <source>Create the station</source>
      <translation>Creu'r orsaf</translation>
    </message>
    <message>
      <source>Station &amp;name</source>
      <translation>&amp;Enw'r orsaf</translation>
    </message>
    <message>
      <source>For example: Northtown custody suite.</source>
      <translation>Er enghraifft: Dalfa Trefogledd.</translation>
    </message>
    <message>
      <source>&amp;Agency</source>
      <translation>&amp;Asiantaeth</translation>
    </message>
    <message>
      <source>For example: Northshire Police.</source>
      <translation>Er enghraifft: Heddlu Sir y Gogledd.</translation>
    </message>
    <message>
      <source>&amp;Site</source>
      <translation>&amp;Safle</translation>
    </message>
    <message>
      <source>The building or room, for example: Custody suite A.</source>
      <translation>Yr adeilad neu'r ystafell, er enghraifft: Dalfa A.</translation>
    </message>
    <message>
      <source>The first administrator</source>
      <translation>Y gweinyddwr cyntaf</translation>
    </message>
    <message>
      <source>The administrator adds the other users. Administrators look after the station; they do not screen people.</source>
      <translation>Y gweinyddwr sy'n ychwanegu'r defnyddwyr eraill. Mae gweinyddwyr yn gofalu am yr orsaf; dydyn nhw ddim yn sgrinio pobl.</translation>
    </message>
    <message>
      <source>Administrator's user &amp;id</source>
      <translation>Enw &amp;defnyddiwr y gweinyddwr</translation>
    </message>
    <message>
      <source>Letters, digits, dots, dashes or @; for example a staff number.</source>
      <translation>Llythrennau, digidau, dotiau, cysylltnodau neu @; er enghraifft rhif staff.</translation>
    </message>
    <message>
      <source>Administrator's full na&amp;me</source>
      <translation>Enw &amp;llawn y gweinyddwr</translation>
    </message>
    <message>
      <source>Administrator's passphrase</source>
      <translation>Cyfrinymadrodd y gweinyddwr</translation>
    </message>
    <message>
      <source>&amp;Create station</source>
      <translation>&amp;Creu'r orsaf</translation>
    </message>
    <message>
      <source>The station will be kept in {folder}.</source>
      <translation>Bydd yr orsaf yn cael ei chadw yn {folder}.</translation>
    </message>
    <message>
      <source>Write down the recovery key</source>
      <translation>Ysgrifennwch yr allwedd adfer</translation>
    </message>
    <message>
      <source>The station is ready. This recovery key is shown only this once. It is the only way back in if every administrator forgets their passphrase: with it, IT can reset an administrator's passphrase.</source>
      <translation>Mae'r orsaf yn barod. Dim ond y tro hwn y dangosir yr allwedd adfer hon. Dyma'r unig ffordd yn ôl i mewn os bydd pob gweinyddwr yn anghofio ei gyfrinymadrodd: gyda hi, gall TG ailosod cyfrinymadrodd gweinyddwr.</translation>
    </message>
    <message>
      <source>Recovery key</source>
      <translation>Allwedd adfer</translation>
    </message>
    <message>
      <source>Print it or write it down, check every character, and keep it locked away, not on or near this PC. Anyone holding it can reset an administrator's passphrase.</source>
      <translation>Argraffwch hi neu ei hysgrifennu, gwiriwch bob nod, a'i chadw dan glo, nid ar y cyfrifiadur hwn nac yn agos ato. Gall unrhyw un sydd â hi ailosod cyfrinymadrodd gweinyddwr.</translation>
    </message>
    <message>
      <source>&amp;Print…</source>
      <translation>&amp;Argraffu…</translation>
    </message>
    <message>
      <source>Print the recovery key</source>
      <translation>Argraffu'r allwedd adfer</translation>
    </message>
    <message>
      <source>C&amp;opy</source>
      <translation>C&amp;opïo</translation>
    </message>
    <message>
      <source>Copy the recovery key</source>
      <translation>Copïo'r allwedd adfer</translation>
    </message>
    <message>
      <source>It is removed from the clipboard when you continue</source>
      <translation>Caiff ei thynnu o'r clipfwrdd pan fyddwch chi'n parhau</translation>
    </message>
    <message>
      <source>I have written down or printed the recovery key and will keep it safe</source>
      <translation>Rwyf wedi ysgrifennu neu argraffu'r allwedd adfer a byddaf yn ei chadw'n ddiogel</translation>
    </message>
    <message>
      <source>Continue to &amp;log in</source>
      <translation>Ymlaen i &amp;fewngofnodi</translation>
    </message>
    <message>
      <source>Continue to log in</source>
      <translation>Ymlaen i fewngofnodi</translation>
    </message>
    <message>
      <source>Type the station's name.</source>
      <translation>Teipiwch enw'r orsaf.</translation>
    </message>
    <message>
      <source>Type the agency.</source>
      <translation>Teipiwch yr asiantaeth.</translation>
    </message>
    <message>
      <source>Type the site.</source>
      <translation>Teipiwch y safle.</translation>
    </message>
    <message>
      <source>Type the administrator's id.</source>
      <translation>Teipiwch enw defnyddiwr y gweinyddwr.</translation>
    </message>
    <message>
      <source>Type the administrator's name.</source>
      <translation>Teipiwch enw'r gweinyddwr.</translation>
    </message>
    <message>
      <source>Creating the station and its keys</source>
      <translation>Yn creu'r orsaf a'i hallweddi</translation>
    </message>
    <message>
      <source>Getting the forms ready</source>
      <translation>Yn paratoi'r ffurflenni</translation>
    </message>
    <message>
      <source>Creating the demo station, its users and fictional people</source>
      <translation>Yn creu'r orsaf arddangos, ei defnyddwyr a phobl ddychmygol</translation>
    </message>
    <message>
      <source>Copied. It is removed from the clipboard when you continue.</source>
      <translation>Wedi'i chopïo. Caiff ei thynnu o'r clipfwrdd pan fyddwch chi'n parhau.</translation>
    </message>
    <message>
      <source>Waypoint screening — station recovery key

{key}

Keep this locked away, not near the station PC. With it, an administrator's passphrase can be reset (screening station recover).
</source>
      <translation>Sgrinio Waypoint — allwedd adfer yr orsaf

{key}

Cadwch hon dan glo, nid yn agos at gyfrifiadur yr orsaf. Gyda hi, gellir ailosod cyfrinymadrodd gweinyddwr (screening station recover).
</translation>
    </message>
    <message>
      <source>Sent to the printer.</source>
      <translation>Wedi'i hanfon i'r argraffydd.</translation>
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
      <translation>Terfynwyd</translation>
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
      <source>Central service</source>
      <translation>Gwasanaeth canolog</translation>
    </message>
    <message>
      <source>Sync status</source>
      <translation>Statws cysoni</translation>
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
      <source>For example 19/0012345G or 2019/0012345G</source>
      <translation>Er enghraifft 19/0012345G neu 2019/0012345G</translation>
    </message>
    <message>
      <source>10 digits, for example 943 476 5919</source>
      <translation>10 digid, er enghraifft 943 476 5919</translation>
    </message>
    <message>
      <source>As your force writes it, for example 01/123456/25</source>
      <translation>Fel mae eich heddlu'n ei ysgrifennu, er enghraifft 01/123456/25</translation>
    </message>
    <message>
      <source>For example 123456/89X</source>
      <translation>Er enghraifft 123456/89X</translation>
    </message>
    <message>
      <source>For example 01AB2345621</source>
      <translation>Er enghraifft 01AB2345621</translation>
    </message>
    <message>
      <source>For example X123456</source>
      <translation>Er enghraifft X123456</translation>
    </message>
    <message>
      <source>Not known</source>
      <translation>Ddim yn hysbys</translation>
    </message>
    <message>
      <source>Male</source>
      <translation>Gwryw</translation>
    </message>
    <message>
      <source>Female</source>
      <translation>Benyw</translation>
    </message>
    <message>
      <source>Not applicable</source>
      <translation>Ddim yn berthnasol</translation>
    </message>
    <message>
      <source>Man</source>
      <translation>Dyn</translation>
    </message>
    <message>
      <source>Woman</source>
      <translation>Menyw</translation>
    </message>
    <message>
      <source>Non-binary</source>
      <translation>Anneuaidd</translation>
    </message>
    <message>
      <source>Other (in their own words)</source>
      <translation>Arall (yn eu geiriau eu hunain)</translation>
    </message>
    <message>
      <source>Prefer not to say</source>
      <translation>Gwell gennyf beidio â dweud</translation>
    </message>
    <message>
      <source>No religion</source>
      <translation>Dim crefydd</translation>
    </message>
    <message>
      <source>Christian (including Church of England, Church in Wales, Catholic, Protestant and all other Christian denominations)</source>
      <translation>Cristion (gan gynnwys Eglwys Loegr, yr Eglwys yng Nghymru, Catholig, Protestannaidd a phob enwad Cristnogol arall)</translation>
    </message>
    <message>
      <source>Buddhist</source>
      <translation>Bwdhydd</translation>
    </message>
    <message>
      <source>Hindu</source>
      <translation>Hindŵ</translation>
    </message>
    <message>
      <source>Jewish</source>
      <translation>Iddew</translation>
    </message>
    <message>
      <source>Muslim</source>
      <translation>Mwslim</translation>
    </message>
    <message>
      <source>Sikh</source>
      <translation>Sikh</translation>
    </message>
    <message>
      <source>Any other religion (in their own words)</source>
      <translation>Unrhyw grefydd arall (yn eu geiriau eu hunain)</translation>
    </message>
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
    <message>
      <source>Start typing a language or a code (e.g. pl, bfi)</source>
      <translation>Dechreuwch deipio iaith neu god (e.e. pl, bfi)</translation>
    </message>
    <message>
      <source>Choose a language from the list, or type a language code such as pl (Polish) or bfi (British Sign Language).</source>
      <translation>Dewiswch iaith o'r rhestr, neu teipiwch god iaith fel pl (Pwyleg) neu bfi (Iaith Arwyddion Prydain).</translation>
    </message>
    <message>
      <source>Not recorded yet</source>
      <translation>Heb ei gofnodi eto</translation>
    </message>
    <message>
      <source>New person</source>
      <translation>Person newydd</translation>
    </message>
    <message>
      <source>Fill in what you know. Only a name and a date of birth (or “age in doubt”) are needed to start a screening.</source>
      <translation>Llenwch yr hyn rydych chi'n ei wybod. Dim ond enw a dyddiad geni (neu “oedran yn ansicr”) sydd eu hangen i ddechrau sgrinio.</translation>
    </message>
    <message>
      <source>About the person</source>
      <translation>Am y person</translation>
    </message>
    <message>
      <source>Given names</source>
      <translation>Enwau cyntaf</translation>
    </message>
    <message>
      <source>Family name</source>
      <translation>Cyfenw</translation>
    </message>
    <message>
      <source>Other names (optional)</source>
      <translation>Enwau eraill (dewisol)</translation>
    </message>
    <message>
      <source>Aliases or previous names, separated by commas.</source>
      <translation>Enwau eraill neu enwau blaenorol, wedi'u gwahanu gan atalnodau.</translation>
    </message>
    <message>
      <source>Type it as dd/mm/yyyy, for example 05/03/1990.</source>
      <translation>Teipiwch ef fel dd/mm/bbbb, er enghraifft 05/03/1990.</translation>
    </message>
    <message>
      <source>Age in doubt: the date of birth is not known, or not believed</source>
      <translation>Oedran yn ansicr: dim dyddiad geni hysbys na chredadwy</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>Rhyw</translation>
    </message>
    <message>
      <source>Fill in the ones you have; they are checked as you leave each box.</source>
      <translation>Llenwch y rhai sydd gennych chi; maen nhw'n cael eu gwirio wrth i chi adael pob blwch.</translation>
    </message>
    <message>
      <source>Ethnicity, language and communication</source>
      <translation>Ethnigrwydd, iaith a chyfathrebu</translation>
    </message>
    <message>
      <source>Ethnic group (as the person describes it)</source>
      <translation>Grŵp ethnig (fel mae'r person yn ei ddisgrifio)</translation>
    </message>
    <message>
      <source>Ask the person; choose “Prefer not to say” if they would rather not.</source>
      <translation>Gofynnwch i'r person; dewiswch “Gwell gennyf beidio â dweud” os byddai'n well ganddyn nhw beidio.</translation>
    </message>
    <message>
      <source>Their background, in their own words (optional)</source>
      <translation>Eu cefndir, yn eu geiriau eu hunain (dewisol)</translation>
    </message>
    <message>
      <source>Main language</source>
      <translation>Prif iaith</translation>
    </message>
    <message>
      <source>Type to search, or type a language code such as pl or bfi</source>
      <translation>Teipiwch i chwilio, neu teipiwch god iaith fel pl neu bfi</translation>
    </message>
    <message>
      <source>Needs an interpreter (or BSL interpreter)</source>
      <translation>Angen cyfieithydd (neu ddehonglydd BSL)</translation>
    </message>
    <message>
      <source>Needs help to read or to understand written information</source>
      <translation>Angen help i ddarllen neu ddeall gwybodaeth ysgrifenedig</translation>
    </message>
    <message>
      <source>Optional: gender identity and faith</source>
      <translation>Dewisol: hunaniaeth rhywedd a ffydd</translation>
    </message>
    <message>
      <source>Only if the person wants to say. They are kept apart from sex, and used for fair treatment and monitoring.</source>
      <translation>Dim ond os yw'r person eisiau dweud. Maen nhw'n cael eu cadw ar wahân i ryw, a'u defnyddio ar gyfer triniaeth deg a monitro.</translation>
    </message>
    <message>
      <source>Not asked</source>
      <translation>Heb ofyn</translation>
    </message>
    <message>
      <source>Gender identity</source>
      <translation>Hunaniaeth rhywedd</translation>
    </message>
    <message>
      <source>Gender identity, in their own words</source>
      <translation>Hunaniaeth rhywedd, yn eu geiriau eu hunain</translation>
    </message>
    <message>
      <source>Religion or faith</source>
      <translation>Crefydd neu ffydd</translation>
    </message>
    <message>
      <source>Religion or faith, in their own words</source>
      <translation>Crefydd neu ffydd, yn eu geiriau eu hunain</translation>
    </message>
    <message>
      <source>&amp;Save person</source>
      <translation>&amp;Cadw'r person</translation>
    </message>
    <message>
      <source>Save person (Alt+S)</source>
      <translation>Cadw'r person (Alt+C)</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Canslo</translation>
    </message>
    <message>
      <source>Cancel: leave without saving</source>
      <translation>Canslo: gadael heb gadw</translation>
    </message>
    <message>
      <source>Edit details: {name}</source>
      <translation>Golygu'r manylion: {name}</translation>
    </message>
    <message>
      <source>&amp;Save changes</source>
      <translation>&amp;Cadw'r newidiadau</translation>
    </message>
    <message>
      <source>Also on record: {values} (kept as they are).</source>
      <translation>Hefyd ar gofnod: {values} (wedi'u cadw fel y maen nhw).</translation>
    </message>
    <message>
      <source>Type the person's family name or given names (or both).</source>
      <translation>Teipiwch gyfenw neu enwau cyntaf y person (neu'r ddau).</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>Wedi'i gadw.</translation>
    </message>
    <message>
      <source>Not saved: correct the problems shown and save again.</source>
      <translation>Heb ei gadw: cywirwch y problemau a ddangosir a chadwch eto.</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>Yn cadw…</translation>
    </message>
    <message>
      <source>New screening</source>
      <translation>Sgrinio newydd</translation>
    </message>
    <message>
      <source>Which screening for {name}?</source>
      <translation>Pa sgrinio ar gyfer {name}?</translation>
    </message>
    <message>
      <source>{form} (version {version})</source>
      <translation>{form} (fersiwn {version})</translation>
    </message>
    <message>
      <source>&amp;Start screening</source>
      <translation>&amp;Dechrau sgrinio</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>Person</translation>
    </message>
    <message>
      <source>&amp;New screening…</source>
      <translation>Sgrinio &amp;newydd…</translation>
    </message>
    <message>
      <source>New screening for this person (Alt+N)</source>
      <translation>Sgrinio newydd ar gyfer y person hwn (Alt+N)</translation>
    </message>
    <message>
      <source>&amp;Edit details</source>
      <translation>Golygu'r &amp;manylion</translation>
    </message>
    <message>
      <source>Edit this person's details (Alt+E)</source>
      <translation>Golygu manylion y person hwn (Alt+M)</translation>
    </message>
    <message>
      <source>Find another person</source>
      <translation>Dod o hyd i berson arall</translation>
    </message>
    <message>
      <source>Screenings</source>
      <translation>Sgriniadau</translation>
    </message>
    <message>
      <source>No identifiers recorded</source>
      <translation>Dim dynodwyr wedi'u cofnodi</translation>
    </message>
    <message>
      <source>Also known as: {names}</source>
      <translation>Hefyd yn cael ei adnabod fel: {names}</translation>
    </message>
    <message>
      <source>No screenings yet.</source>
      <translation>Dim sgriniadau eto.</translation>
    </message>
    <message>
      <source>Open: {screening}</source>
      <translation>Agor: {screening}</translation>
    </message>
    <message>
      <source>Your role does not start screenings.</source>
      <translation>Dydy eich rôl ddim yn dechrau sgriniadau.</translation>
    </message>
    <message>
      <source>Opening…</source>
      <translation>Yn agor…</translation>
    </message>
    <message>
      <source>Starting the screening…</source>
      <translation>Yn dechrau'r sgrinio…</translation>
    </message>
  </context>
  <context>
    <name>Record</name>
    <message>
      <source>finalised {when} by {user}</source>
      <translation>terfynwyd {when} gan {user}</translation>
    </message>
    <message>
      <source>completed, not yet finalised (started {when} by {user})</source>
      <translation>wedi'i gwblhau, heb ei derfynu eto (dechreuwyd {when} gan {user})</translation>
    </message>
    <message>
      <source>draft, started {when} by {user}</source>
      <translation>drafft, dechreuwyd {when} gan {user}</translation>
    </message>
    <message>
      <source>Revision {revision}: {event}</source>
      <translation>Fersiwn {revision}: {event}</translation>
    </message>
    <message>
      <source>Amended because: {reason}</source>
      <translation>Diwygiwyd oherwydd: {reason}</translation>
    </message>
    <message>
      <source>(this is the revision shown)</source>
      <translation>(dyma'r fersiwn a ddangosir)</translation>
    </message>
    <message>
      <source>Answer: {answer}</source>
      <translation>Ateb: {answer}</translation>
    </message>
    <message>
      <source>{code}: {question} Answer: {answer}</source>
      <translation>{code}: {question} Ateb: {answer}</translation>
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
      <source>{status} of {latest}</source>
      <translation>{status} o {latest}</translation>
    </message>
    <message>
      <source>Finalised by {user} on {when} (signed with their passphrase).</source>
      <translation>Terfynwyd gan {user} ar {when} (wedi'i lofnodi gyda'i gyfrinymadrodd).</translation>
    </message>
    <message>
      <source>Screening date {day}; started by {user} on {when}.</source>
      <translation>Dyddiad y sgrinio {day}; dechreuwyd gan {user} ar {when}.</translation>
    </message>
    <message>
      <source>Form {form} version {version}; flag definitions version {registry}.</source>
      <translation>Ffurflen {form} fersiwn {version}; fersiwn diffiniadau'r baneri {registry}.</translation>
    </message>
    <message>
      <source>Signed off by {user} (supervisor) on {when}.</source>
      <translation>Llofnodwyd gan {user} (goruchwyliwr) ar {when}.</translation>
    </message>
    <message>
      <source>{signed} Note: {note}</source>
      <translation>{signed} Nodyn: {note}</translation>
    </message>
    <message>
      <source>Not signed off by a supervisor yet.</source>
      <translation>Heb ei lofnodi gan oruchwyliwr eto.</translation>
    </message>
    <message>
      <source>This revision has been amended: revision {revision} replaces it (see Revisions below). It stays here as it was.</source>
      <translation>Mae'r fersiwn hon wedi'i diwygio: mae fersiwn {revision} yn cymryd ei lle (gweler Fersiynau isod). Mae'n aros yma fel yr oedd.</translation>
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
      <source>not worked out</source>
      <translation>heb ei gyfrifo</translation>
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
      <source>Open {revision}</source>
      <translation>Agor {revision}</translation>
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
      <source>Level: {word}, {meaning}</source>
      <translation>Lefel: {word}, {meaning}</translation>
    </message>
    <message>
      <source>{word} ({shape} symbol)</source>
      <translation>{word} (symbol {shape})</translation>
    </message>
    <message>
      <source>When it is raised: {summary}</source>
      <translation>Pryd mae'n cael ei chodi: {summary}</translation>
    </message>
    <message>
      <source>Raised because of these answers:</source>
      <translation>Wedi'i chodi oherwydd yr atebion hyn:</translation>
    </message>
    <message>
      <source>{word}: {label}</source>
      <translation>{word}: {label}</translation>
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
    <name>SeenBefore</name>
    <message>
      <source>Checking other agencies…</source>
      <translation>Yn gwirio gydag asiantaethau eraill…</translation>
    </message>
    <message>
      <source>{names} and {last}</source>
      <translation>{names} a {last}</translation>
    </message>
    <message>
      <source>Offline: not checked.</source>
      <translation>All-lein: heb wirio.</translation>
    </message>
    <message>
      <source>Not connected to the central service: not checked.</source>
      <translation>Heb gysylltu â'r gwasanaeth canolog: heb wirio.</translation>
    </message>
    <message>
      <source>The central service did not answer this look-up: not checked.</source>
      <translation>Wnaeth y gwasanaeth canolog ddim ateb y chwiliad hwn: heb wirio.</translation>
    </message>
    <message>
      <source>Seen before at {places}.</source>
      <translation>Wedi'i weld o'r blaen yn {places}.</translation>
    </message>
    <message>
      <source>A record with the same name and date of birth is held at another agency. Confirm it is the same person to see it.</source>
      <translation>Mae asiantaeth arall yn dal cofnod gyda'r un enw a dyddiad geni. Cadarnhewch mai'r un person yw e i'w weld.</translation>
    </message>
    <message>
      <source>Not seen before at another agency.</source>
      <translation>Heb ei weld o'r blaen mewn asiantaeth arall.</translation>
    </message>
    <message>
      <source>Seen before at other agencies</source>
      <translation>Wedi'i weld o'r blaen mewn asiantaethau eraill</translation>
    </message>
    <message>
      <source>Check a&amp;gain</source>
      <translation>Gwirio &amp;eto</translation>
    </message>
    <message>
      <source>Check other agencies again</source>
      <translation>Gwirio gydag asiantaethau eraill eto</translation>
    </message>
    <message>
      <source>{count} more record(s) were found that cannot be shown here.</source>
      <translation>Cafwyd hyd i {count} cofnod arall na ellir eu dangos yma.</translation>
    </message>
    <message>
      <source>{agency}: {form}, {day} (revision {revision})</source>
      <translation>{agency}: {form}, {day} (fersiwn {revision})</translation>
    </message>
    <message>
      <source>{agency}: {form}, {day}</source>
      <translation>{agency}: {form}, {day}</translation>
    </message>
    <message>
      <source>{agency} holds a record with the same name and date of birth. Is it the same person? Check with them before you say yes.</source>
      <translation>Mae {agency} yn dal cofnod gyda'r un enw a dyddiad geni. Ai'r un person yw e? Gwiriwch gyda nhw cyn i chi ddweud ie.</translation>
    </message>
    <message>
      <source>Yes, the same person: show it</source>
      <translation>Ie, yr un person: ei ddangos</translation>
    </message>
    <message>
      <source>Yes, the record at {agency} is the same person: show it</source>
      <translation>Ie, mae'r cofnod yn {agency} am yr un person: ei ddangos</translation>
    </message>
    <message>
      <source>No, not the same person</source>
      <translation>Na, nid yr un person</translation>
    </message>
    <message>
      <source>No, the record at {agency} is not the same person</source>
      <translation>Na, dydy'r cofnod yn {agency} ddim am yr un person</translation>
    </message>
    <message>
      <source>Not checked: other agencies could not be asked just now.</source>
      <translation>Heb wirio: doedd dim modd gofyn i asiantaethau eraill ar hyn o bryd.</translation>
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
      <source>Central service: not connected yet</source>
      <translation>Gwasanaeth canolog: heb gysylltu eto</translation>
    </message>
    <message>
      <source>Sync status</source>
      <translation>Statws cysoni</translation>
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
    <name>Startup</name>
    <message>
      <source>The station folder could not be read, so the app cannot start. Check that this account may use {folder}, or ask IT.</source>
      <translation>Nid oedd modd darllen ffolder yr orsaf, felly ni all yr ap ddechrau. Gwiriwch fod y cyfrif hwn yn cael defnyddio {folder}, neu gofynnwch i'r adran TG.</translation>
    </message>
    <message>
      <source>This is a real station, not a demo one, so --demo was ignored here. A demo station needs its own station folder (set SCREENING_HOME).</source>
      <translation>Gorsaf go iawn yw hon, nid un arddangos, felly anwybyddwyd --demo yma. Mae angen ffolder gorsaf ei hun ar orsaf arddangos (gosodwch SCREENING_HOME).</translation>
    </message>
    <message>
      <source>The app's forms could not be loaded, so nobody can log in. Ask IT to run `screening forms check` and reinstall the app if needed.</source>
      <translation>Nid oedd modd llwytho ffurflenni'r ap, felly ni all neb fewngofnodi. Gofynnwch i'r adran TG redeg `screening forms check` ac ailosod yr ap os oes angen.</translation>
    </message>
  </context>
  <context>
    <name>Sync</name>
    <message>
      <source>Select to see what waits to be sent and anything that needs attention.</source>
      <translation>Dewiswch i weld beth sy'n aros i'w anfon ac unrhyw beth sydd angen sylw.</translation>
    </message>
    <message>
      <source>Central service: not connected</source>
      <translation>Gwasanaeth canolog: heb gysylltu</translation>
    </message>
    <message>
      <source>Screening</source>
      <translation>Sgrinio</translation>
    </message>
    <message>
      <source>Person record</source>
      <translation>Cofnod person</translation>
    </message>
    <message>
      <source>Flag</source>
      <translation>Baner</translation>
    </message>
    <message>
      <source>Consent</source>
      <translation>Caniatâd</translation>
    </message>
    <message>
      <source>Audit anchor</source>
      <translation>Angor archwilio</translation>
    </message>
    <message>
      <source>Disclosure record</source>
      <translation>Cofnod datgelu</translation>
    </message>
    <message>
      <source>The central service does not allow this station to send this record.</source>
      <translation>Dydy'r gwasanaeth canolog ddim yn caniatáu i'r orsaf hon anfon y cofnod hwn.</translation>
    </message>
    <message>
      <source>The central service already holds different content for this record.</source>
      <translation>Mae'r gwasanaeth canolog eisoes yn dal cynnwys gwahanol ar gyfer y cofnod hwn.</translation>
    </message>
    <message>
      <source>The central service holds a newer version of this record.</source>
      <translation>Mae'r gwasanaeth canolog yn dal fersiwn mwy newydd o'r cofnod hwn.</translation>
    </message>
    <message>
      <source>The central service could not accept the record as it was sent.</source>
      <translation>Doedd y gwasanaeth canolog ddim yn gallu derbyn y cofnod fel y cafodd ei anfon.</translation>
    </message>
    <message>
      <source>The reason was not recorded.</source>
      <translation>Ni chofnodwyd y rheswm.</translation>
    </message>
    <message>
      <source>{day} {time}</source>
      <translation>{day} {time}</translation>
    </message>
    <message>
      <source>Central service: this station has been revoked, so nothing is sent. Ask the service desk.</source>
      <translation>Gwasanaeth canolog: mae'r orsaf hon wedi'i dirymu, felly does dim yn cael ei anfon. Gofynnwch i'r ddesg wasanaeth.</translation>
    </message>
    <message>
      <source>Central service: does not recognise this station. An administrator must enrol it again.</source>
      <translation>Gwasanaeth canolog: dydy e ddim yn adnabod yr orsaf hon. Rhaid i weinyddwr ei chofrestru eto.</translation>
    </message>
    <message>
      <source>Central service: syncing…</source>
      <translation>Gwasanaeth canolog: yn cysoni…</translation>
    </message>
    <message>
      <source>Central service: offline</source>
      <translation>Gwasanaeth canolog: all-lein</translation>
    </message>
    <message>
      <source>Central service: up to date</source>
      <translation>Gwasanaeth canolog: yn gyfredol</translation>
    </message>
    <message>
      <source>Central service: online</source>
      <translation>Gwasanaeth canolog: ar-lein</translation>
    </message>
    <message>
      <source>{count} waiting</source>
      <translation>{count} yn aros</translation>
    </message>
    <message>
      <source>last synced at {when}</source>
      <translation>cysonwyd ddiwethaf am {when}</translation>
    </message>
    <message>
      <source>never synced</source>
      <translation>heb gysoni erioed</translation>
    </message>
    <message>
      <source>1 needs attention</source>
      <translation>1 angen sylw</translation>
    </message>
    <message>
      <source>{count} need attention</source>
      <translation>{count} angen sylw</translation>
    </message>
    <message>
      <source>updates not fetched</source>
      <translation>diweddariadau heb eu nôl</translation>
    </message>
    <message>
      <source>{kind} {id} (version {version})</source>
      <translation>{kind} {id} (fersiwn {version})</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>Cofnod</translation>
    </message>
    <message>
      <source>Why it was refused</source>
      <translation>Pam cafodd ei wrthod</translation>
    </message>
    <message>
      <source>Refused at</source>
      <translation>Gwrthodwyd am</translation>
    </message>
    <message>
      <source>Sync with the central service</source>
      <translation>Cysoni â'r gwasanaeth canolog</translation>
    </message>
    <message>
      <source>Sync status</source>
      <translation>Statws cysoni</translation>
    </message>
    <message>
      <source>Records that need attention</source>
      <translation>Cofnodion sydd angen sylw</translation>
    </message>
    <message>
      <source>&amp;Retry</source>
      <translation>&amp;Ceisio eto</translation>
    </message>
    <message>
      <source>Retry: send the selected records again (all if none is selected)</source>
      <translation>Ceisio eto: anfon y cofnodion a ddewiswyd eto (y cyfan os nad oes un wedi'i ddewis)</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Cau</translation>
    </message>
    <message>
      <source>Close the sync details</source>
      <translation>Cau manylion y cysoni</translation>
    </message>
    <message>
      <source>The central service refused 1 record.</source>
      <translation>Gwrthododd y gwasanaeth canolog 1 cofnod.</translation>
    </message>
    <message>
      <source>The central service refused {count} records.</source>
      <translation>Gwrthododd y gwasanaeth canolog {count} cofnod.</translation>
    </message>
    <message>
      <source>{refused} They stay on this station and are not sent again until someone retries them. If a retry is refused again, tell the service desk the record and the reason shown.</source>
      <translation>{refused} Maen nhw'n aros ar yr orsaf hon a dydyn nhw ddim yn cael eu hanfon eto nes bydd rhywun yn ceisio eto. Os caiff cais arall ei wrthod eto, dywedwch wrth y ddesg wasanaeth pa gofnod a'r rheswm a ddangosir.</translation>
    </message>
    <message>
      <source>Nothing needs attention: every record the central service has answered was accepted.</source>
      <translation>Does dim angen sylw: cafodd pob cofnod y mae'r gwasanaeth canolog wedi'i ateb ei dderbyn.</translation>
    </message>
    <message>
      <source>A supervisor or an administrator can retry these records.</source>
      <translation>Gall goruchwyliwr neu weinyddwr geisio anfon y cofnodion hyn eto.</translation>
    </message>
    <message>
      <source>Central service: sync could not start. Restart the app; if this stays, ask IT.</source>
      <translation>Gwasanaeth canolog: doedd dim modd dechrau cysoni. Ailgychwynnwch yr ap; os yw hyn yn aros, gofynnwch i TG.</translation>
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
      <source>Ethnicity not recorded</source>
      <translation>Ethnigrwydd heb ei gofnodi</translation>
    </message>
    <message>
      <source>Ethnicity: {ethnicity}</source>
      <translation>Ethnigrwydd: {ethnicity}</translation>
    </message>
    <message>
      <source>Language not recorded</source>
      <translation>Iaith heb ei chofnodi</translation>
    </message>
    <message>
      <source>Language: {name} (needs an interpreter, needs help to read)</source>
      <translation>Iaith: {name} (angen cyfieithydd, angen help i ddarllen)</translation>
    </message>
    <message>
      <source>Language: {name} (needs an interpreter)</source>
      <translation>Iaith: {name} (angen cyfieithydd)</translation>
    </message>
    <message>
      <source>Language: {name} (needs help to read)</source>
      <translation>Iaith: {name} (angen help i ddarllen)</translation>
    </message>
    <message>
      <source>Language: {name}</source>
      <translation>Iaith: {name}</translation>
    </message>
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
      <source>ALERT</source>
      <translation>BRYS</translation>
    </message>
    <message>
      <source>WARNING</source>
      <translation>RHYBUDD</translation>
    </message>
    <message>
      <source>ATTENTION</source>
      <translation>SYLW</translation>
    </message>
    <message>
      <source>INFO</source>
      <translation>GWYBODAETH</translation>
    </message>
    <message>
      <source>act now</source>
      <translation>gweithredu nawr</translation>
    </message>
    <message>
      <source>act today</source>
      <translation>gweithredu heddiw</translation>
    </message>
    <message>
      <source>take into account</source>
      <translation>ei ystyried</translation>
    </message>
    <message>
      <source>for information</source>
      <translation>er gwybodaeth</translation>
    </message>
    <message>
      <source>octagon</source>
      <translation>wythongl</translation>
    </message>
    <message>
      <source>triangle</source>
      <translation>triongl</translation>
    </message>
    <message>
      <source>diamond</source>
      <translation>diemwnt</translation>
    </message>
    <message>
      <source>circle</source>
      <translation>cylch</translation>
    </message>
    <message>
      <source>Alert</source>
      <translation>Brys</translation>
    </message>
    <message>
      <source>Warning</source>
      <translation>Rhybudd</translation>
    </message>
    <message>
      <source>Attention</source>
      <translation>Sylw</translation>
    </message>
    <message>
      <source>Information</source>
      <translation>Gwybodaeth</translation>
    </message>
    <message>
      <source>PNC ID</source>
      <translation>ID PNC</translation>
    </message>
    <message>
      <source>CRO number</source>
      <translation>Rhif CRO</translation>
    </message>
    <message>
      <source>NHS number</source>
      <translation>Rhif GIG</translation>
    </message>
    <message>
      <source>Custody record number</source>
      <translation>Rhif cofnod y ddalfa</translation>
    </message>
    <message>
      <source>Court case reference</source>
      <translation>Cyfeirnod achos llys</translation>
    </message>
    <message>
      <source>Probation case reference</source>
      <translation>Cyfeirnod achos prawf</translation>
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
      <source>No identifiers</source>
      <translation>Dim dynodwyr</translation>
    </message>
    <message>
      <source>(no name recorded)</source>
      <translation>(dim enw wedi'i gofnodi)</translation>
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
      <translation>Terfynwyd</translation>
    </message>
    <message>
      <source>{status}, revision {revision}</source>
      <translation>{status}, fersiwn {revision}</translation>
    </message>
    <message>
      <source>{status} (replaced by a later revision)</source>
      <translation>{status} (wedi'i disodli gan fersiwn diweddarach)</translation>
    </message>
    <message>
      <source>finalised {when} by you</source>
      <translation>terfynwyd {when} gennych chi</translation>
    </message>
    <message>
      <source>finalised {when} by {user}</source>
      <translation>terfynwyd {when} gan {user}</translation>
    </message>
    <message>
      <source>started {day}, last saved {when} by you</source>
      <translation>dechreuwyd {day}, cadwyd ddiwethaf {when} gennych chi</translation>
    </message>
    <message>
      <source>started {day}, last saved {when} by {user}</source>
      <translation>dechreuwyd {day}, cadwyd ddiwethaf {when} gan {user}</translation>
    </message>
    <message>
      <source> (a colleague's draft: open it to take it over)</source>
      <translation> (drafft cydweithiwr: agorwch ef i'w gymryd drosodd)</translation>
    </message>
    <message>
      <source> (open to continue)</source>
      <translation> (agorwch i barhau)</translation>
    </message>
    <message>
      <source>; signed off by {user}</source>
      <translation>; llofnodwyd gan {user}</translation>
    </message>
  </context>
</TS>
