import { IssuedCertificate } from '../trust/certificates/issued-certificate.entity';
import { EnrolmentToken } from '../trust/enrolment/enrolment-token.entity';
import { FederationMessage } from '../federation/federation-message.entity';
import { CertificateRevocation } from '../trust/certificates/certificate-revocation.entity';
import { LocatorEntry } from '../locator-index/locator-entry.entity';
import { LocatorLaState } from '../locator-index/locator-la-state.entity';
import { LocatorTokenRow } from '../locator-index/locator-token.entity';
import { SearchRoutingLogEntry } from '../search-routing/search-routing-log.entity';
import { HubHandover } from '../handover/hub-handover.entity';
import { HandoverDelivery } from '../handover/handover-delivery.entity';

/** Every entity of the hub's schema. */
export const HUB_ENTITIES = [
  IssuedCertificate,
  CertificateRevocation,
  EnrolmentToken,
  FederationMessage,
  LocatorEntry,
  LocatorTokenRow,
  LocatorLaState,
  SearchRoutingLogEntry,
  HubHandover,
  HandoverDelivery,
];
