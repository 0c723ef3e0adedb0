; Windows installer of 党支部工作台 (NSIS 3, Modern UI 2, Simplified Chinese).
;
; Per-user install, no administrator rights: the program goes to
; %LOCALAPPDATA%\Programs\党支部工作台, shortcuts to the user's start menu and desktop, the
; uninstall entry to HKCU. The uninstaller removes only the program's own files; the user's
; data (%LOCALAPPDATA%\dangjian-desktop: the member database and logs; settings in HKCU\Software\dangjian-desktop) stays.
;
; Built by installer/build-windows.ps1, or by hand (also works with makensis on Linux, given a
; Windows bundle). makensis works in the folder of this script, so give ABSOLUTE paths:
;   makensis /INPUTCHARSET UTF8 /DVERSION=0.1.0.0 /DBUNDLE=C:\src\dangjian\dist\dangjian-desktop ^
;            /DOUTFILE=C:\src\dangjian\dist\党支部工作台-0.1.0.0-安装程序.exe installer\dangjian-desktop.nsi

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "VERSION is needed: /DVERSION=MAJOR.MINOR.PATCH.BUILD"
!endif
!ifndef BUNDLE
  !error "BUNDLE is needed: /DBUNDLE=<folder made by PyInstaller, holding dangjian-desktop.exe>"
!endif
!ifndef OUTFILE
  !define OUTFILE "党支部工作台-${VERSION}-安装程序.exe"
!endif

!define APP_NAME "党支部工作台"
!define APP_ID "dangjian-desktop"
!define GUI_EXE "dangjian-desktop.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define DATA_DIR "$LOCALAPPDATA\${APP_ID}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "Apache-2.0"

!define MUI_ICON "../resources/icons/app.ico"
!define MUI_UNICON "../resources/icons/app.ico"
!define MUI_ABORTWARNING

!define MUI_WELCOMEPAGE_TITLE "安装 ${APP_NAME}"
!define MUI_WELCOMEPAGE_TEXT "这个程序会把 ${APP_NAME} 安装到您的电脑上。$\r$\n$\r$\n不需要联网，也不需要管理员权限。安装好以后，在“开始”菜单和桌面上都能找到“${APP_NAME}”。$\r$\n$\r$\n点“下一步”继续。"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${APP_NAME} 已经装好了"
!define MUI_FINISHPAGE_TEXT "以后请从“开始”菜单或桌面上的“${APP_NAME}”图标打开程序。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开 ${APP_NAME}"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从电脑上卸载 ${APP_NAME} 程序。$\r$\n您的党员名册等数据保存在 ${DATA_DIR}，卸载时不会删除；以后重新安装，数据还在。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  ; Qt 6 runs on 64-bit Windows 10 version 1809 (build 17763) or newer only.
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} 17763
    MessageBox MB_ICONSTOP|MB_OK "${APP_NAME} 需要 64 位的 Windows 10（1809 版或更新）或 Windows 11。$\r$\n这台电脑的系统版本太旧，无法安装。"
    Abort
  ${EndIf}
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "程序" SecProgram
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; Files of an older version must not linger beside the new ones.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}/*"
  WriteUninstaller "$INSTDIR\卸载${APP_NAME}.exe"

  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\卸载${APP_NAME}.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  ; Only what the installer put there; never a recursive delete of $INSTDIR itself (the user
  ; may have chosen a folder that holds other files). The data folder is left alone.
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\dangjian-cli.exe"
  Delete "$INSTDIR\卸载${APP_NAME}.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
