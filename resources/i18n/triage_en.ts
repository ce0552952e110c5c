<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>IncidentDetailPane</name>
    <message numerus="yes">
        <location filename="../../triage_app/ui/detail_pane.py" line="358" />
        <source>Suspects and their routes (%n)</source>
        <translation>
            <numerusform>Suspect and route (%n)</numerusform><numerusform>Suspects and their routes (%n)</numerusform></translation>
    </message>
</context>
<context>
    <name>IncidentEditor</name>
    <message numerus="yes">
        <location filename="../../triage_app/ui/incident_editor.py" line="846" />
        <source>Not saved: %n field(s) need attention.</source>
        <translation>
            <numerusform>Not saved: %n field needs attention.</numerusform><numerusform>Not saved: %n fields need attention.</numerusform></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../triage_app/ui/main_window.py" line="323" />
        <source>%n incident(s)</source>
        <translation>
            <numerusform>%Ln incident</numerusform><numerusform>%Ln incidents</numerusform></translation>
    </message>
</context>
<context>
    <name>SuspectPicker</name>
    <message numerus="yes">
        <location filename="../../triage_app/ui/incident_editor.py" line="166" />
        <source>%n incident(s)</source>
        <translation>
            <numerusform>%Ln incident</numerusform><numerusform>%Ln incidents</numerusform></translation>
    </message>
</context>
</TS>