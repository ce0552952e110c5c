<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk_UA">
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../triage_app/ui/case_table_model.py" line="35"/>
        <source>Reference</source>
        <translation>Номер</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/case_table_model.py" line="36"/>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/case_table_model.py" line="37"/>
        <source>Region</source>
        <translation>Регіон</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/case_table_model.py" line="38"/>
        <source>Settlement</source>
        <translation>Населений пункт</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/case_table_model.py" line="39"/>
        <source>Title</source>
        <translation>Назва</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/case_table_model.py" line="40"/>
        <source>Crime types</source>
        <translation>Види злочинів</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/case_table_model.py" line="41"/>
        <source>Forums</source>
        <translation>Форуми</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/case_table_model.py" line="42"/>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/case_table_model.py" line="43"/>
        <source>Killed / injured</source>
        <translation>Загиблі / поранені</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../triage_app/ui/conflicts_dialog.py" line="47"/>
        <source>Merge conflicts</source>
        <translation>Конфлікти об&apos;єднання</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/conflicts_dialog.py" line="65"/>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/conflicts_dialog.py" line="65"/>
        <source>Here</source>
        <translation>Тут</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/conflicts_dialog.py" line="65"/>
        <source>Incoming</source>
        <translation>Надіслане</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/conflicts_dialog.py" line="65"/>
        <source>Keep</source>
        <translation>Залишити</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/conflicts_dialog.py" line="74"/>
        <source>Keep all &amp;here</source>
        <translation>Залишити все &amp;тут</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/conflicts_dialog.py" line="75"/>
        <source>Take all i&amp;ncoming</source>
        <translation>Узяти все &amp;надіслане</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/conflicts_dialog.py" line="76"/>
        <source>&amp;Resolve</source>
        <translation>&amp;Розв&apos;язати</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/conflicts_dialog.py" line="101"/>
        <source>%1 record(s) were changed both here and on the laptop that sent them. Choose, field by field, which value to keep; both versions stay on record.</source>
        <translation>Записів, змінених і тут, і на ноутбуці, що їх надіслав: %1. Виберіть для кожного поля, яке значення залишити; обидві версії зберігаються.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/conflicts_dialog.py" line="105"/>
        <source>No open conflicts: every bundle merged cleanly.</source>
        <translation>Відкритих конфліктів немає: усі пакети об&apos;єднано без суперечностей.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/conflicts_dialog.py" line="129"/>
        <source>here</source>
        <translation>тут</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/conflicts_dialog.py" line="130"/>
        <source>incoming</source>
        <translation>надіслане</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="323"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Оновити</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="324"/>
        <source>Recount from the database (F5)</source>
        <translation>Перерахувати з бази даних (F5)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="326"/>
        <source>Incidents and suspects by forum</source>
        <translation>Інциденти й підозрювані за форумами</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="327"/>
        <source>Incidents by crime type</source>
        <translation>Інциденти за видами злочинів</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="328"/>
        <source>Incidents by region</source>
        <translation>Інциденти за регіонами</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="329"/>
        <source>Incidents by month</source>
        <translation>Інциденти за місяцями</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="334"/>
        <source>Loading…</source>
        <translation>Завантаження…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="334"/>
        <source>No data</source>
        <translation>Немає даних</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="354"/>
        <source>Counting for the dashboard</source>
        <translation>Підрахунок для панелі показників</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="368"/>
        <source>Counting…</source>
        <translation>Підрахунок…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="373"/>
        <source>%1 incidents, %2 suspect involvements</source>
        <translation>Інцидентів: %1, причетностей підозрюваних: %2</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="391"/>
        <location filename="../../triage_app/ui/dashboard.py" line="398"/>
        <location filename="../../triage_app/ui/dashboard.py" line="411"/>
        <source>Incidents</source>
        <translation>Інциденти</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="391"/>
        <source>Suspects</source>
        <translation>Підозрювані</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dashboard.py" line="406"/>
        <source>No region</source>
        <translation>Без регіону</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../triage_app/ui/dialogs.py" line="37"/>
        <source>A file could not be read or written</source>
        <translation>Не вдалося прочитати або записати файл</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dialogs.py" line="39"/>
        <source>Check the path and the permissions, then try again.</source>
        <translation>Перевірте шлях і права доступу, а тоді спробуйте ще раз.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/dialogs.py" line="51"/>
        <source>Something went wrong that Triage did not expect. Nothing was saved by the failed action. Try again; if it happens again, send the details to support.</source>
        <translation>Сталася непередбачена помилка. Дія, що не вдалася, нічого не зберегла. Спробуйте ще раз; якщо помилка повториться, надішліть подробиці службі підтримки.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../triage_app/ui/filter_bar.py" line="104"/>
        <source>All crime types</source>
        <translation>Усі види злочинів</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/filter_bar.py" line="105"/>
        <source>All command levels</source>
        <translation>Усі рівні командування</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/filter_bar.py" line="106"/>
        <source>All forums</source>
        <translation>Усі форуми</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/filter_bar.py" line="107"/>
        <source>All regions</source>
        <translation>Усі регіони</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/filter_bar.py" line="108"/>
        <source>All statuses</source>
        <translation>Усі статуси</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/filter_bar.py" line="111"/>
        <source>Search… (Ctrl+F)</source>
        <translation>Пошук… (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/filter_bar.py" line="114"/>
        <source>Finds incidents whose title, description or place contains every word typed; a Ukrainian word is found in its other forms too (школа finds школи).</source>
        <translation>Знаходить інциденти, у назві, описі чи місці яких є кожне введене слово; українське слово знаходиться й в інших формах (школа знаходить школи).</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/filter_bar.py" line="118"/>
        <source>Date:</source>
        <translation>Дата:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/filter_bar.py" line="119"/>
        <source>Incidents on or after this date (Delete clears it)</source>
        <translation>Інциденти від цієї дати включно (Delete очищає)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/filter_bar.py" line="120"/>
        <source>Incidents on or before this date (Delete clears it)</source>
        <translation>Інциденти до цієї дати включно (Delete очищає)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/filter_bar.py" line="121"/>
        <source>Clear</source>
        <translation>Скинути</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/filter_bar.py" line="122"/>
        <source>Show all incidents again (Ctrl+Shift+L)</source>
        <translation>Знову показати всі інциденти (Ctrl+Shift+L)</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="59"/>
        <source>History of %1</source>
        <translation>Історія %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="63"/>
        <source>Every change is in the tamper-evident audit log (newest first).</source>
        <translation>Кожна зміна записана в захищеному від підробки журналі аудиту (спершу найновіші).</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="66"/>
        <source>created</source>
        <translation>створено</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="67"/>
        <source>changed</source>
        <translation>змінено</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="68"/>
        <source>deleted</source>
        <translation>видалено</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="69"/>
        <source>restored</source>
        <translation>відновлено</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="70"/>
        <source>route overridden</source>
        <translation>маршрут змінено вручну</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="71"/>
        <source>override removed</source>
        <translation>ручну зміну скасовано</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="72"/>
        <source>imported</source>
        <translation>імпортовано</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="73"/>
        <source>merged</source>
        <translation>об&apos;єднано</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="76"/>
        <source>incident</source>
        <translation>інцидент</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="77"/>
        <source>suspect</source>
        <translation>підозрюваний</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="78"/>
        <source>route</source>
        <translation>маршрут</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="82"/>
        <source>When (UTC)</source>
        <translation>Коли (UTC)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="83"/>
        <source>Who</source>
        <translation>Хто</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="84"/>
        <source>Action</source>
        <translation>Дія</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="85"/>
        <source>Record</source>
        <translation>Запис</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/history_dialog.py" line="86"/>
        <source>What changed</source>
        <translation>Що змінено</translation>
    </message>
</context>
<context>
    <name>IncidentDetailPane</name>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="333"/>
        <source>&amp;Edit incident…</source>
        <translation>&amp;Редагувати інцидент…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="335"/>
        <source>&amp;History…</source>
        <translation>&amp;Історія…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="341"/>
        <source>No incidents yet. Add the first with File &gt; New incident (Ctrl+N), or bring in a field team&apos;s intake sheet with File &gt; Import from Excel (Ctrl+Shift+I).</source>
        <translation>Інцидентів ще немає. Додайте перший: Файл &gt; Новий інцидент (Ctrl+N), або внесіть аркуш польової групи: Файл &gt; Імпортувати з Excel (Ctrl+Shift+I).</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="345"/>
        <source>No incident matches the filter. Clear it with Ctrl+Shift+L.</source>
        <translation>Жоден інцидент не відповідає фільтру. Скиньте його клавішами Ctrl+Shift+L.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="347"/>
        <source>Select an incident to see its suspects and their routes.</source>
        <translation>Виберіть інцидент, щоб побачити його підозрюваних і їхні маршрути.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="368"/>
        <source>deleted</source>
        <translation>видалено</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="372"/>
        <source>Date: %1</source>
        <translation>Дата: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="373"/>
        <source>Place: %1</source>
        <translation>Місце: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="374"/>
        <source>Crime types: %1</source>
        <translation>Види злочинів: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="377"/>
        <source>Victims: %1 killed, %2 injured</source>
        <translation>Потерпілі: загинуло %1, поранено %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../triage_app/ui/detail_pane.py" line="387"/>
        <source>Suspects and their routes (%n)</source>
        <translation>
            <numerusform>Підозрюваний і його маршрут (%n)</numerusform>
            <numerusform>Підозрювані та їхні маршрути (%n)</numerusform>
            <numerusform>Підозрювані та їхні маршрути (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IncidentEditor</name>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="447"/>
        <source>Name</source>
        <translation>Ім’я або назва</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="447"/>
        <source>(no name yet)</source>
        <translation>(ще без імені)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="449"/>
        <source>Command level</source>
        <translation>Рівень командування</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="453"/>
        <source>Mode of liability</source>
        <translation>Форма відповідальності</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="456"/>
        <source>Custody</source>
        <translation>Під вартою</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="457"/>
        <source>Unit</source>
        <translation>Підрозділ</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="463"/>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="465"/>
        <source>Description</source>
        <translation>Опис</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="468"/>
        <source>Source</source>
        <translation>Джерело</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="469"/>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="518"/>
        <source>New incident</source>
        <translation>Новий інцидент</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="518"/>
        <source>Edit incident</source>
        <translation>Редагування інциденту</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="519"/>
        <source>&amp;Incident</source>
        <translation>&amp;Інцидент</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="521"/>
        <location filename="../../triage_app/ui/incident_editor.py" line="734"/>
        <source>&amp;Suspects (%1)</source>
        <translation>&amp;Підозрювані (%1)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="524"/>
        <location filename="../../triage_app/ui/incident_editor.py" line="737"/>
        <source>E&amp;vidence (%1)</source>
        <translation>&amp;Докази (%1)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="527"/>
        <source>Re&amp;ference:</source>
        <translation>&amp;Номер:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="528"/>
        <source>Stat&amp;us:</source>
        <translation>С&amp;татус:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="529"/>
        <source>&amp;Title:</source>
        <translation>Н&amp;азва:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="530"/>
        <source>&amp;Date:</source>
        <translation>&amp;Дата:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="531"/>
        <source>Date &amp;to:</source>
        <translation>Дата &amp;до:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="532"/>
        <source>Date &amp;precision:</source>
        <translation>Т&amp;очність дати:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="533"/>
        <source>C&amp;ountry:</source>
        <translation>&amp;Країна:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="534"/>
        <source>Re&amp;gion:</source>
        <translation>&amp;Регіон:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="535"/>
        <source>Sett&amp;lement:</source>
        <translation>Населений п&amp;ункт:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="536"/>
        <source>Latitude:</source>
        <translation>Широта:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="537"/>
        <source>Longitude:</source>
        <translation>Довгота:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="538"/>
        <source>&amp;Killed:</source>
        <translation>&amp;Загинуло:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="539"/>
        <source>In&amp;jured:</source>
        <translation>П&amp;оранено:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="540"/>
        <source>Crime t&amp;ypes:</source>
        <translation>&amp;Види злочинів:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="541"/>
        <source>Descriptio&amp;n:</source>
        <translation>&amp;Опис:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="545"/>
        <source>e.g. the pre-trial register number</source>
        <translation>напр., номер у ЄРДР</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="546"/>
        <source>Only for a period; Delete clears it</source>
        <translation>Лише для періоду; Delete очищає</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="547"/>
        <source>Two-letter ISO code; UA for Ukraine</source>
        <translation>Дволітерний код ISO; UA — Україна</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="548"/>
        <source>e.g. 50.45</source>
        <translation>напр., 50.45</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="549"/>
        <source>e.g. 30.52</source>
        <translation>напр., 30.52</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="551"/>
        <source>N&amp;ame:</source>
        <translation>&amp;Ім’я або назва:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="552"/>
        <source>Latin name:</source>
        <translation>Латиницею:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="553"/>
        <source>Legal person:</source>
        <translation>Юридична особа:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="554"/>
        <source>Command &amp;level:</source>
        <translation>&amp;Рівень командування:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="555"/>
        <source>Rank or role:</source>
        <translation>Звання чи роль:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="556"/>
        <source>Unit:</source>
        <translation>Підрозділ:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="557"/>
        <source>Nationality:</source>
        <translation>Громадянство:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="558"/>
        <source>Custody:</source>
        <translation>Під вартою:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="559"/>
        <source>&amp;Mode of liability:</source>
        <translation>&amp;Форма відповідальності:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="563"/>
        <source>company, PMC or other organisation</source>
        <translation>компанія, ПВК чи інша організація</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="564"/>
        <source>Two-letter ISO code, e.g. RU; empty if unknown</source>
        <translation>Дволітерний код ISO, напр., RU; порожньо, якщо невідомо</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="566"/>
        <source>&amp;Kind:</source>
        <translation>&amp;Вид:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="567"/>
        <source>Source:</source>
        <translation>Джерело:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="568"/>
        <source>Description:</source>
        <translation>Опис:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="569"/>
        <source>File:</source>
        <translation>Файл:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="570"/>
        <source>SHA-256:</source>
        <translation>SHA-256:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="571"/>
        <source>Chain of custody:</source>
        <translation>Ланцюг зберігання:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="575"/>
        <source>Attach a file to record its name and SHA-256</source>
        <translation>Долучіть файл, щоб записати його назву й SHA-256</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="576"/>
        <source>Selected suspect</source>
        <translation>Вибраний підозрюваний</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="577"/>
        <source>Selected evidence item</source>
        <translation>Вибраний доказ</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="578"/>
        <source>Add &amp;new suspect</source>
        <translation>Додати &amp;нового підозрюваного</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="579"/>
        <source>Add e&amp;xisting suspect…</source>
        <translation>Додати &amp;наявного підозрюваного…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="580"/>
        <source>&amp;Remove suspect</source>
        <translation>&amp;Вилучити підозрюваного</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="581"/>
        <source>Add &amp;evidence item</source>
        <translation>Додати &amp;доказ</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="582"/>
        <source>Attach &amp;file…</source>
        <translation>Долучити &amp;файл…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="585"/>
        <source>Records the file&apos;s name and SHA-256 fingerprint; the file itself is not copied</source>
        <translation>Записує назву файлу та його відбиток SHA-256; сам файл не копіюється</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="588"/>
        <source>&amp;Keep a copy of the file</source>
        <translation>Зберегти ко&amp;пію файлу</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="591"/>
        <source>Copies the attached file into evidence_files beside the database (not available for encrypted databases: the copy would be unencrypted)</source>
        <translation>Копіює доданий файл до evidence_files поруч із базою даних (недоступно для зашифрованих баз даних: копія була б незашифрованою)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="595"/>
        <source>Remo&amp;ve evidence item</source>
        <translation>&amp;Вилучити доказ</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="596"/>
        <source>&amp;Save</source>
        <translation>&amp;Зберегти</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="597"/>
        <source>Save (Ctrl+S)</source>
        <translation>Зберегти (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="598"/>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="792"/>
        <source>This suspect is already listed.</source>
        <translation>Цей підозрюваний уже є в списку.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="857"/>
        <source>Attach a file</source>
        <translation>Долучити файл</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="893"/>
        <source>Computing the file&apos;s SHA-256</source>
        <translation>Обчислення SHA-256 файлу</translation>
    </message>
    <message numerus="yes">
        <location filename="../../triage_app/ui/incident_editor.py" line="911"/>
        <source>Not saved: %n field(s) need attention.</source>
        <translation>
            <numerusform>Не збережено: %n поле потребує уваги.</numerusform>
            <numerusform>Не збережено: %n поля потребують уваги.</numerusform>
            <numerusform>Не збережено: %n полів потребують уваги.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="930"/>
        <source>Not saved</source>
        <translation>Не збережено</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="960"/>
        <source>Unsaved changes</source>
        <translation>Незбережені зміни</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="961"/>
        <source>This incident has changes that are not saved. Save them?</source>
        <translation>У цьому інциденті є незбережені зміни. Зберегти їх?</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="235"/>
        <source>Triage — case list</source>
        <translation>Тріаж — перелік справ</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="236"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="237"/>
        <source>&amp;Edit</source>
        <translation>&amp;Редагування</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="238"/>
        <source>&amp;View</source>
        <translation>&amp;Вигляд</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="239"/>
        <source>&amp;Language</source>
        <translation>&amp;Мова</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="240"/>
        <source>&amp;Help</source>
        <translation>&amp;Довідка</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="241"/>
        <source>&amp;New incident…</source>
        <translation>&amp;Новий інцидент…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="242"/>
        <source>&amp;Edit incident…</source>
        <translation>&amp;Редагувати інцидент…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="243"/>
        <source>&amp;Delete incident</source>
        <translation>&amp;Видалити інцидент</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="244"/>
        <source>&amp;Undo delete</source>
        <translation>&amp;Скасувати видалення</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="245"/>
        <source>&amp;Re-route all incidents</source>
        <translation>&amp;Перемаршрутизувати всі інциденти</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="246"/>
        <source>&amp;Find</source>
        <translation>&amp;Знайти</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="247"/>
        <source>&amp;Clear filters</source>
        <translation>&amp;Скинути фільтри</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="248"/>
        <source>&amp;Quit</source>
        <translation>&amp;Вийти</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="250"/>
        <source>&amp;Export case list to Excel…</source>
        <translation>&amp;Експортувати перелік справ в Excel…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="251"/>
        <source>&amp;Import from Excel…</source>
        <translation>&amp;Імпортувати з Excel…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="252"/>
        <source>Export laptop &amp;bundle…</source>
        <translation>Експортувати &amp;пакет ноутбука…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="253"/>
        <source>Import laptop b&amp;undle…</source>
        <translation>Імпортувати п&amp;акет ноутбука…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="254"/>
        <source>Merge &amp;conflicts…</source>
        <translation>&amp;Конфлікти об&apos;єднання…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="255"/>
        <source>&amp;Cases</source>
        <translation>&amp;Справи</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="255"/>
        <source>&amp;Dashboard</source>
        <translation>&amp;Показники</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="255"/>
        <source>&amp;Rule lab</source>
        <translation>&amp;Лабораторія правил</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="259"/>
        <source>&amp;About Triage</source>
        <translation>&amp;Про «Тріаж»</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="273"/>
        <location filename="../../triage_app/ui/main_window.py" line="661"/>
        <source>Triage — error</source>
        <translation>Тріаж — помилка</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="275"/>
        <source>The translation file %1 is missing. Run `make` to build it, then try again.</source>
        <translation>Файл перекладу %1 відсутній. Запустіть `make`, щоб зібрати його, і спробуйте ще раз.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="296"/>
        <source>Loading the case list</source>
        <translation>Завантаження переліку справ</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="340"/>
        <source>Counting…</source>
        <translation>Підрахунок…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../triage_app/ui/main_window.py" line="342"/>
        <source>%n incident(s)</source>
        <translation>
            <numerusform>%Ln інцидент</numerusform>
            <numerusform>%Ln інциденти</numerusform>
            <numerusform>%Ln інцидентів</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="400"/>
        <source>Daily backup</source>
        <translation>Щоденна резервна копія</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="404"/>
        <source>Daily backup written to %1</source>
        <translation>Щоденну резервну копію записано до %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="423"/>
        <source>Reading history</source>
        <translation>Читання історії</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="445"/>
        <source>Deleted %1. Press Ctrl+Z to undo.</source>
        <translation>Видалено %1. Натисніть Ctrl+Z, щоб скасувати.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="459"/>
        <source>Restored the deleted incident.</source>
        <translation>Видалений інцидент відновлено.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="478"/>
        <source>Remove override</source>
        <translation>Скасувати зміну форуму</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="479"/>
        <source>Remove the override for %1? The recommended forum applies again.</source>
        <translation>Скасувати зміну форуму для %1? Знову застосовуватиметься рекомендований форум.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../triage_app/ui/main_window.py" line="502"/>
        <source>Routed %n suspect(s) of %1.</source>
        <translation>
            <numerusform>Маршрутизовано %Ln підозрюваного інциденту %1.</numerusform>
            <numerusform>Маршрутизовано %Ln підозрюваних інциденту %1.</numerusform>
            <numerusform>Маршрутизовано %Ln підозрюваних інциденту %1.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="507"/>
        <source>Routing %1</source>
        <translation>Маршрутизація %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="521"/>
        <source>Routed %1 suspects: %2 new, %3 changed.</source>
        <translation>Маршрутизовано підозрюваних: %1; нових: %2, змінених: %3.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="528"/>
        <source>Routing all incidents</source>
        <translation>Маршрутизація всіх інцидентів</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="532"/>
        <source>Export case list</source>
        <translation>Експорт переліку справ</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="532"/>
        <location filename="../../triage_app/ui/main_window.py" line="553"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Книги Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="544"/>
        <source>Exporting the case list</source>
        <translation>Експорт переліку справ</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="547"/>
        <source>Exported to %1.</source>
        <translation>Експортовано до %1.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="553"/>
        <source>Import from Excel</source>
        <translation>Імпорт з Excel</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="568"/>
        <source>Nothing was imported</source>
        <translation>Нічого не імпортовано</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="570"/>
        <source>%1 has %2 problem(s); nothing was imported. Every problem is listed with its sheet, row and column in %3. Correct them and import again.</source>
        <translation>У файлі %1 проблем: %2; нічого не імпортовано. Кожну проблему з аркушем, рядком і стовпцем наведено в %3. Виправте їх та імпортуйте ще раз.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="579"/>
        <source>Imported %1.</source>
        <translation>Імпортовано %1.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="581"/>
        <source>Importing from Excel</source>
        <translation>Імпорт з Excel</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="586"/>
        <source>Export laptop bundle</source>
        <translation>Експорт пакета ноутбука</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="586"/>
        <location filename="../../triage_app/ui/main_window.py" line="609"/>
        <source>Triage bundles (*.triage)</source>
        <translation>Пакети Triage (*.triage)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="598"/>
        <source>Exporting bundle</source>
        <translation>Експорт пакета</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="601"/>
        <source>Bundle written to %1</source>
        <translation>Пакет записано до %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="609"/>
        <source>Import laptop bundle</source>
        <translation>Імпорт пакета ноутбука</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="637"/>
        <source>Bundle merged: %1 conflict(s) to resolve.</source>
        <translation>Пакет об&apos;єднано; конфліктів для розв&apos;язання: %1.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="643"/>
        <source>Importing bundle</source>
        <translation>Імпорт пакета</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="652"/>
        <source>About Triage</source>
        <translation>Про «Тріаж»</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/main_window.py" line="654"/>
        <source>Triage: case triage for war-crimes prosecutors.
The routing is a research-based model for triage and training, not legal advice.</source>
        <translation>«Тріаж»: сортування справ для прокурорів, які розслідують воєнні злочини.
Маршрутизація — це дослідницька модель для сортування справ і навчання, а не юридична консультація.</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="47"/>
        <source>Override the recommended forum</source>
        <translation>Змінити рекомендований форум</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="54"/>
        <source>Suspect: %1
Recommended: %2
The recommendation stays on record beside your override.</source>
        <translation>Підозрюваний: %1
Рекомендовано: %2
Рекомендація залишається в записі поряд із вашим рішенням.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="69"/>
        <source>Why this forum and not the recommended one (required)</source>
        <translation>Чому саме цей форум, а не рекомендований (обов’язково)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="74"/>
        <source>&amp;Forum:</source>
        <translation>&amp;Форум:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="76"/>
        <source>&amp;Reason:</source>
        <translation>&amp;Підстава:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="86"/>
        <source>&amp;Override</source>
        <translation>&amp;Змінити форум</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="96"/>
        <source>An override needs a reason.</source>
        <translation>Для зміни форуму потрібна підстава.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="99"/>
        <source>At most %1 characters.</source>
        <translation>Не більше ніж %1 символів.</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../triage_app/ui/unlock.py" line="41"/>
        <source>Unlock the database</source>
        <translation>Розблокувати базу даних</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/unlock.py" line="45"/>
        <source>%1 is encrypted. Enter its passphrase.</source>
        <translation>%1 зашифровано. Введіть парольну фразу.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/unlock.py" line="59"/>
        <source>The passphrase is wrong. Nothing was changed; try again.</source>
        <translation>Парольна фраза неправильна. Нічого не змінено; спробуйте ще раз.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/unlock.py" line="63"/>
        <source>A forgotten passphrase cannot be recovered: restore a backup whose passphrase you know.</source>
        <translation>Забуту парольну фразу неможливо відновити: відновіть резервну копію, парольну фразу якої ви знаєте.</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="20"/>
        <source>Required.</source>
        <translation>Обов’язкове поле.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="21"/>
        <source>Must be text.</source>
        <translation>Має бути текстом.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="24"/>
        <source>Too long: %1 characters, at most %2.</source>
        <translation>Задовго: %1 символів, допустимо не більше ніж %2.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="26"/>
        <source>Unknown code %1.</source>
        <translation>Невідомий код %1.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="27"/>
        <source>Must be a whole number.</source>
        <translation>Має бути цілим числом.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="30"/>
        <source>Must be between %1 and today.</source>
        <translation>Має бути між %1 і сьогоднішнім днем.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="34"/>
        <source>Must be between %1 and %2.</source>
        <translation>Має бути від %1 до %2.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="38"/>
        <source>Must be a two-letter ISO country code, e.g. UA.</source>
        <translation>Має бути дволітерним кодом країни ISO, напр., UA.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="40"/>
        <source>Must be a date.</source>
        <translation>Має бути датою.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="43"/>
        <source>Must not be before the start date.</source>
        <translation>Не може бути раніше за дату початку.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="45"/>
        <source>Must not be in the future.</source>
        <translation>Не може бути в майбутньому.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="48"/>
        <source>A Ukrainian region needs country UA.</source>
        <translation>Для регіону України країна має бути UA.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="50"/>
        <source>Must be a number.</source>
        <translation>Має бути числом.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="53"/>
        <source>Give both coordinates or neither.</source>
        <translation>Укажіть обидві координати або жодної.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="57"/>
        <source>Tag at least one crime type.</source>
        <translation>Позначте принаймні один вид злочину.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="61"/>
        <source>A legal person has the level “Legal person”, and only a legal person.</source>
        <translation>Юридична особа має рівень «Юридична особа», і лише юридична особа.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="65"/>
        <source>Must be yes or no.</source>
        <translation>Має бути «так» або «ні».</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="68"/>
        <source>Choose a custody from the list.</source>
        <translation>Виберіть варіант тримання під вартою зі списку.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/problems.py" line="72"/>
        <source>Must be 64 lower-case hexadecimal characters.</source>
        <translation>Має складатися з 64 шістнадцяткових символів у нижньому регістрі.</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <location filename="../../triage_app/ui/workers.py" line="128"/>
        <source>Cancel</source>
        <translation>Скасувати</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/workers.py" line="129"/>
        <source>Stop this task; nothing it started is kept</source>
        <translation>Зупинити це завдання; нічого з розпочатого не збережеться</translation>
    </message>
</context>
<context>
    <name>RouteCard</name>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="162"/>
        <source>O&amp;verride…</source>
        <translation>&amp;Змінити форум…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="163"/>
        <source>Remove override</source>
        <translation>Скасувати зміну форуму</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="166"/>
        <source>&amp;Route now</source>
        <translation>&amp;Маршрутизувати зараз</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="177"/>
        <source>nationality %1</source>
        <translation>громадянство %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="180"/>
        <source>Not routed yet.</source>
        <translation>Ще не маршрутизовано.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="186"/>
        <source>The rules cannot route this record: %1</source>
        <translation>Правила не можуть маршрутизувати цей запис: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="194"/>
        <source>Forum (override): %1</source>
        <translation>Форум (змінено вручну): %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="199"/>
        <source>Recommended by the rules: %1</source>
        <translation>Рекомендовано правилами: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="201"/>
        <source>Override reason: %1</source>
        <translation>Підстава зміни: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="204"/>
        <source>by %1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="215"/>
        <source>Recommended forum: %1</source>
        <translation>Рекомендований форум: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="222"/>
        <source>Also: %1</source>
        <translation>Також: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="222"/>
        <location filename="../../triage_app/ui/detail_pane.py" line="224"/>
        <source>none</source>
        <translation>немає</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="224"/>
        <source>Flags: %1</source>
        <translation>Позначки: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="231"/>
        <source>winning rule</source>
        <translation>правило-переможець</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="237"/>
        <source>Legal basis: %1</source>
        <translation>Правова підстава: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="243"/>
        <source>Why (rules that fired):</source>
        <translation>Чому (спрацювали правила):</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/detail_pane.py" line="250"/>
        <source>Rule set: %1</source>
        <translation>Набір правил: %1</translation>
    </message>
</context>
<context>
    <name>RuleLabView</name>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="47"/>
        <source>Unknown</source>
        <translation>Невідомо</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="48"/>
        <source>UA — Ukraine</source>
        <translation>UA — Україна</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="49"/>
        <source>RU — Russia</source>
        <translation>RU — Росія</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="50"/>
        <source>BY — Belarus</source>
        <translation>BY — Білорусь</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="51"/>
        <source>PL — Poland</source>
        <translation>PL — Польща</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="52"/>
        <source>DE — Germany</source>
        <translation>DE — Німеччина</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="106"/>
        <source>The rules refuse this input:</source>
        <translation>Правила не приймають ці дані:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="112"/>
        <source>none</source>
        <translation>немає</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="115"/>
        <source>winning rule</source>
        <translation>правило-переможець</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="116"/>
        <source>Legal basis: %1</source>
        <translation>Правова підстава: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="126"/>
        <source>Also: %1</source>
        <translation>Також: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="127"/>
        <source>Flags: %1</source>
        <translation>Позначки: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="128"/>
        <source>Why (rules that fired):</source>
        <translation>Чому (спрацювали правила):</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="328"/>
        <source>From</source>
        <translation>Звідки</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="329"/>
        <source>To</source>
        <translation>Куди</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="330"/>
        <source>Suspects</source>
        <translation>Підозрювані</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="335"/>
        <source>Build a case</source>
        <translation>Складіть справу</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="337"/>
        <source>Crime &amp;types:</source>
        <translation>&amp;Види злочинів:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="338"/>
        <source>Command &amp;level:</source>
        <translation>&amp;Рівень командування:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="339"/>
        <source>Legal &amp;person:</source>
        <translation>&amp;Юридична особа:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="340"/>
        <source>C&amp;ustody:</source>
        <translation>Під &amp;вартою:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="341"/>
        <source>&amp;Nationality:</source>
        <translation>&amp;Громадянство:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="342"/>
        <source>&amp;Mode of liability:</source>
        <translation>&amp;Форма відповідальності:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="343"/>
        <source>Incident c&amp;ountry:</source>
        <translation>&amp;Країна інциденту:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="344"/>
        <source>Suspects in the &amp;incident:</source>
        <translation>Підозрюваних в &amp;інциденті:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="348"/>
        <source>company, PMC or other organisation</source>
        <translation>компанія, ПВК чи інша організація</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="351"/>
        <source>— choose a forum —</source>
        <translation>— виберіть форум —</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="355"/>
        <source>Route (updates as you change the case)</source>
        <translation>Маршрут (оновлюється, коли ви змінюєте справу)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="356"/>
        <source>Quiz</source>
        <translation>Вікторина</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="357"/>
        <source>Load the &amp;public scenarios</source>
        <translation>Завантажити &amp;загальнодоступні сценарії</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="358"/>
        <source>Load a scenario &amp;file…</source>
        <translation>Завантажити &amp;файл сценаріїв…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="359"/>
        <source>Your &amp;answer:</source>
        <translation>Ваша &amp;відповідь:</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="360"/>
        <source>&amp;Check</source>
        <translation>&amp;Перевірити</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="361"/>
        <source>Reveal the answer and why (Ctrl+Enter)</source>
        <translation>Показати відповідь і пояснення (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="362"/>
        <source>Ne&amp;xt</source>
        <translation>&amp;Далі</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="363"/>
        <source>Next scenario (Ctrl+Right)</source>
        <translation>Наступний сценарій (Ctrl+→)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="364"/>
        <source>Compare rule files</source>
        <translation>Порівняння файлів правил</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="365"/>
        <source>Load a rule file and &amp;compare…</source>
        <translation>Завантажити файл правил і &amp;порівняти…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="368"/>
        <source>Route the database&apos;s suspects with another rule file and count how many would move; nothing is saved</source>
        <translation>Маршрутизувати підозрюваних із бази даних за іншим файлом правил і порахувати, скільки маршрутів зміниться; нічого не зберігається</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="372"/>
        <source>Use the shipped rules</source>
        <translation>Повернути стандартні правила</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="458"/>
        <source>Hidden until you check your answer.</source>
        <translation>Приховано, доки ви не перевірите відповідь.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="465"/>
        <source>Rules: %1</source>
        <translation>Правила: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="467"/>
        <source>loaded from %1</source>
        <translation>завантажено з %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="474"/>
        <source>Load a scenario file</source>
        <translation>Завантажити файл сценаріїв</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="476"/>
        <source>Scenario files (*.json)</source>
        <translation>Файли сценаріїв (*.json)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="488"/>
        <source>Cannot load the scenarios</source>
        <translation>Не вдалося завантажити сценарії</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="511"/>
        <source>Pick a forum first.</source>
        <translation>Спершу виберіть форум.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="540"/>
        <source>Load a scenario file, read each case, pick the forum you think the rules choose, then check.</source>
        <translation>Завантажте файл сценаріїв, прочитайте кожну справу, виберіть форум, який, на вашу думку, оберуть правила, і перевірте.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="550"/>
        <source>Scenario %1 of %2: %3</source>
        <translation>Сценарій %1 з %2: %3</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="580"/>
        <source>Correct.</source>
        <translation>Правильно.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="580"/>
        <source>Not quite.</source>
        <translation>Не зовсім.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="586"/>
        <source>The rules choose: %1</source>
        <translation>Правила обирають: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="596"/>
        <source>Why: %1</source>
        <translation>Чому: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="601"/>
        <source>%1 (winner)</source>
        <translation>%1 (переможець)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="603"/>
        <source>Rules that fire: %1</source>
        <translation>Спрацьовують правила: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="607"/>
        <source>Secondary forums: %1</source>
        <translation>Додаткові форуми: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="615"/>
        <source>The loaded rules route this scenario differently from its file: %1</source>
        <translation>Завантажені правила маршрутизують цей сценарій інакше, ніж зазначено у файлі: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="623"/>
        <source>Score: %1 of %2</source>
        <translation>Рахунок: %1 з %2</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="635"/>
        <source>Load a rule file</source>
        <translation>Завантажити файл правил</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="637"/>
        <source>Rule files (*.toml)</source>
        <translation>Файли правил (*.toml)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="650"/>
        <source>Cannot load the rule file</source>
        <translation>Не вдалося завантажити файл правил</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="663"/>
        <source>Comparing…</source>
        <translation>Порівняння…</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="672"/>
        <source>Comparing rule files</source>
        <translation>Порівняння файлів правил</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="690"/>
        <source>Load an alternative rule file to see how many of this database&apos;s routes would move. Nothing is saved.</source>
        <translation>Завантажте альтернативний файл правил, щоб побачити, скільки маршрутів у цій базі даних зміниться. Нічого не зберігається.</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="697"/>
        <source>With %1, %2 of %3 routed suspects would move to another primary forum (%4%).</source>
        <translation>За правилами %1 до іншого основного форуму перейшли б %2 з %3 маршрутизованих підозрюваних (%4%).</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/rule_lab.py" line="704"/>
        <source>%1 suspects are not routed yet.</source>
        <translation>Ще не маршрутизовано підозрюваних: %1.</translation>
    </message>
</context>
<context>
    <name>SuspectPicker</name>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="143"/>
        <source>Add an existing suspect</source>
        <translation>Додати наявного підозрюваного</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="147"/>
        <source>Name, Latin name or unit (at least 2 letters)</source>
        <translation>Ім’я, ім’я латиницею або підрозділ (щонайменше 2 літери)</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/incident_editor.py" line="180"/>
        <source>Searching suspects</source>
        <translation>Пошук підозрюваних</translation>
    </message>
    <message numerus="yes">
        <location filename="../../triage_app/ui/incident_editor.py" line="198"/>
        <source>%n incident(s)</source>
        <translation>
            <numerusform>%Ln інцидент</numerusform>
            <numerusform>%Ln інциденти</numerusform>
            <numerusform>%Ln інцидентів</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <location filename="../../triage_app/ui/workers.py" line="193"/>
        <source>Cancelled: %1</source>
        <translation>Скасовано: %1</translation>
    </message>
    <message>
        <location filename="../../triage_app/ui/workers.py" line="251"/>
        <source>Triage — error</source>
        <translation>Тріаж — помилка</translation>
    </message>
</context>
</TS>
