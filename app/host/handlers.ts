// The shared host service: the contract's handler table over the engine's DeskService, typed against app/contract so the two cannot drift.
import type { Handlers } from '../contract/api.ts';
import type { DeskService } from '../../main/service/desk-service.ts';

/** One handler per contract method; the compiler checks each against the contract's input and output types. */
export function contractHandlers(s: DeskService): Handlers {
  return {
    status: () => s.status(),
    listServers: () => s.listServers(),
    addServer: (input) => s.addServer(input),
    editServer: (input) => s.editServer(input),
    removeServer: (input) => s.removeServer(input),
    signIn: (input) => s.signIn(input),
    cancelSignIn: (input) => s.cancelSignIn(input),
    openSignInPage: (input) => s.openSignInPage(input),
    signOut: (input) => s.signOut(input),
    refresh: (input) => s.refresh(input),
    check: (input) => s.check(input),
    offers: (input) => s.offers(input),
    callTool: (input) => s.callTool(input),
    diagnostics: (input) => s.diagnostics(input),
    exportDiagnostics: (input) => s.exportDiagnostics(input),
    listRegistries: () => s.listRegistries(),
    addRegistry: (input) => s.addRegistry(input),
    removeRegistry: (input) => s.removeRegistry(input),
    registrySignIn: (input) => s.registrySignIn(input),
    registrySignOut: (input) => s.registrySignOut(input),
    searchRegistry: (input) => s.searchRegistry(input),
    planFromRegistry: (input) => s.planFromRegistry(input),
    addFromRegistry: (input) => s.addFromRegistry(input),
    listOrganizations: () => s.listOrganizations(),
    addOrganization: (input) => s.addOrganization(input),
    removeOrganization: (input) => s.removeOrganization(input),
    organizationSignIn: (input) => s.organizationSignIn(input),
    organizationSignOut: (input) => s.organizationSignOut(input),
    connectClient: (input) => s.connectClient(input),
    disconnectClient: (input) => s.disconnectClient(input),
    settings: () => s.settings(),
    setNotifications: (input) => s.setNotifications(input),
  };
}
