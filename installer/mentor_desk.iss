; Inno Setup script for Mentor Desk (Windows 10/11, 64-bit). Needs Inno Setup 6.3 or newer.
; Build the program folder first (see installer/README.md), then from the repository root:
;
;     iscc installer\mentor_desk.iss
;     iscc /DAppVersion=0.2.0 installer\mentor_desk.iss      (another version)
;
; The result is dist\MentorDesk-<version>-setup.exe.
; This file is UTF-8 (with a BOM, for the Russian shortcut names).
;
; The school's data is NOT in the program folder: it lives in the user's data folder
; %LOCALAPPDATA%\MentorDesk\MentorDesk (database, backups) and the log folder under it.
; Neither this installer nor its uninstaller ever touches that folder: there is no
; [UninstallDelete] entry for it, on purpose. Removing the program keeps the school's data.

#ifndef AppVersion
#define AppVersion "0.1.0"
#endif
; The output of `pyinstaller installer/mentor_desk.spec` run from the repository root;
; relative paths here are relative to this file's folder.
#ifndef BuildDir
#define BuildDir "..\dist\MentorDesk"
#endif

[Setup]
; AppId identifies the program for upgrades and uninstall: never change it.
AppId={{FC7D148A-AE30-45B6-BE3C-94F5287F0902}
AppName=Mentor Desk
AppVersion={#AppVersion}
AppVerName=Mentor Desk {#AppVersion}
AppPublisher=Mentor Desk
; No administrator rights: {autopf} is then %LOCALAPPDATA%\Programs for this user.
PrivilegesRequired=lowest
DefaultDirName={autopf}\Mentor Desk
DefaultGroupName=Mentor Desk
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Windows 10 or newer: PySide6 6.x does not run on Windows 7/8.
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=MentorDesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName=Mentor Desk
UninstallDisplayIcon={app}\MentorDesk.exe
; Ask to close a running Mentor Desk before files are replaced.
CloseApplications=yes

[Languages]
Name: "russian"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the whole bundle: a file left over from an older version (say, an
; Alembic migration script that was renamed) must not survive next to the new ones.
; Only the program folder's _internal is removed; the user's data is elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Mentor Desk"; Filename: "{app}\MentorDesk.exe"; WorkingDir: "{app}"
Name: "{group}\Mentor Desk — демо"; Filename: "{app}\MentorDesk.exe"; Parameters: "--demo"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,Mentor Desk}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Mentor Desk"; Filename: "{app}\MentorDesk.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\MentorDesk.exe"; Description: "{cm:LaunchProgram,Mentor Desk}"; Flags: nowait postinstall skipifsilent
