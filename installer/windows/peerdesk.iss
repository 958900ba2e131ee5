; Inno Setup 6 script: PeerDesk for one Windows user, installed without administrator rights.
;
;   iscc /DAppVersion=0.1.0 installer\windows\peerdesk.iss
;
; Input:  dist\PeerDesk\  (pyinstaller installer\peerdesk.spec, or `make dist`)
; Output: dist\PeerDesk-<version>-windows-x64-setup.exe
;
; - Installs to %LOCALAPPDATA%\Programs\PeerDesk ({userpf}); Start-menu entries for PeerDesk and
;   its two guides; a desktop shortcut if asked; opens .pdbackup files with PeerDesk.
; - Installing a newer version over an older one replaces the program only. PeerDesk's data
;   (the encrypted database, its key file and the automatic backups) lives in
;   %LOCALAPPDATA%\PeerDesk\PeerDesk, which the installer never touches; the newer PeerDesk
;   copies the database before it updates it, the first time it opens it.
; - Uninstalling keeps that data folder unless the person ticks "Also delete my PeerDesk data".

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\PeerDesk"
#endif
#define AppName "PeerDesk"
#define AppExe "PeerDesk.exe"

[Setup]
; Never change AppId: it is how a newer installer finds the installed PeerDesk to upgrade.
AppId={{5B0C3A57-8E1F-4F2B-9C4D-7A2E61D0F9B3}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=PeerDesk contributors
AppComments=Case management for Recovery Community Organizations
DefaultDirName={userpf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=PeerDesk-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\peerdesk\resources\peerdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ChangesAssociations=yes
CloseApplications=yes
RestartApplications=no
#ifexist "..\..\LICENSE"
LicenseFile=..\..\LICENSE
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "backupfiles"; Description: "Open PeerDesk backups (.pdbackup files) with PeerDesk"; GroupDescription: "Files:"

[InstallDelete]
; An upgrade replaces the program files completely, so no old library is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Case management for Recovery Community Organizations"
Name: "{group}\User guide for peer workers"; Filename: "{app}\_internal\docs\peer-worker-guide.html"
Name: "{group}\Guide for administrators"; Filename: "{app}\_internal\docs\administrator-guide.html"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Per-user file type (HKA is HKEY_CURRENT_USER in a per-user install).
Root: HKA; Subkey: "Software\Classes\.pdbackup"; ValueType: string; ValueName: ""; ValueData: "PeerDesk.Backup"; Flags: uninsdeletevalue; Tasks: backupfiles
Root: HKA; Subkey: "Software\Classes\.pdbackup\OpenWithProgids"; ValueType: string; ValueName: "PeerDesk.Backup"; ValueData: ""; Flags: uninsdeletevalue; Tasks: backupfiles
Root: HKA; Subkey: "Software\Classes\PeerDesk.Backup"; ValueType: string; ValueName: ""; ValueData: "PeerDesk backup"; Flags: uninsdeletekey; Tasks: backupfiles
Root: HKA; Subkey: "Software\Classes\PeerDesk.Backup\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: backupfiles
Root: HKA; Subkey: "Software\Classes\PeerDesk.Backup\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: backupfiles

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
var
  DeleteDataChosen: Boolean;

function DataFolder(): String;
begin
  { platformdirs' user data folder for PeerDesk is <LOCALAPPDATA>\PeerDesk\PeerDesk }
  Result := ExpandConstant('{localappdata}\PeerDesk');
end;

{ Ask once, before anything is removed. True: go on with the uninstall. }
function AskAboutData(): Boolean;
var
  Form: TSetupForm;
  Note: TNewStaticText;
  Box: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
#if Ver >= EncodeVer(6, 6, 0)
  Form := CreateCustomForm(520, 210, False, False);
#else
  Form := CreateCustomForm();
  Form.ClientWidth := ScaleX(520);
  Form.ClientHeight := ScaleY(210);
#endif
  try
    Form.Caption := 'Uninstall PeerDesk';

    Note := TNewStaticText.Create(Form);
    Note.Parent := Form;
    Note.AutoSize := False;
    Note.WordWrap := True;
    Note.Left := ScaleX(16);
    Note.Top := ScaleY(16);
    Note.Width := Form.ClientWidth - ScaleX(32);
    Note.Height := ScaleY(96);
    Note.Caption := 'The PeerDesk program will be removed from this computer.' + #13#10#13#10 +
      'Your records are kept: the encrypted database and the backups in ' + DataFolder() +
      ' stay where they are, so reinstalling PeerDesk opens them again.';

    Box := TNewCheckBox.Create(Form);
    Box.Parent := Form;
    Box.Left := ScaleX(16);
    Box.Top := ScaleY(120);
    Box.Width := Form.ClientWidth - ScaleX(32);
    Box.Height := ScaleY(24);
    Box.Caption := 'Also delete my PeerDesk data and the backups in that folder';
    Box.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Caption := 'Uninstall';
    OkButton.Width := ScaleX(100);
    OkButton.Height := ScaleY(26);
    OkButton.Left := Form.ClientWidth - ScaleX(16 + 100 + 8 + 100);
    OkButton.Top := Form.ClientHeight - ScaleY(26 + 16);
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Caption := 'Cancel';
    CancelButton.Width := ScaleX(100);
    CancelButton.Height := ScaleY(26);
    CancelButton.Left := Form.ClientWidth - ScaleX(16 + 100);
    CancelButton.Top := Form.ClientHeight - ScaleY(26 + 16);
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;

    Form.ActiveControl := OkButton;
    Result := Form.ShowModal() = mrOk;
    DeleteDataChosen := Result and Box.Checked;
  finally
    Form.Free();
  end;
end;

function InitializeUninstall(): Boolean;
begin
  DeleteDataChosen := False;
  Result := True;
  { A silent uninstall (for example by a newer installer or an IT script) never deletes data. }
  if UninstallSilent() or (not DirExists(DataFolder())) then
    Exit;
  Result := AskAboutData();
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DeleteDataChosen then
  begin
    if MsgBox('Delete all PeerDesk data in ' + DataFolder() + ' for good?' + #13#10#13#10 +
              'This cannot be undone. Copies on a USB stick or another drive are not touched.',
              mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
    begin
      DelTree(DataFolder(), True, True, True);
      RegDeleteKeyIncludingSubkeys(HKEY_CURRENT_USER, 'Software\PeerDesk');
    end;
  end;
end;
